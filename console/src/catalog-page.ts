import { post } from './api.js';
import { code, field, h, table } from './dom.js';
import { busy, outcome, type Page } from './page.js';

interface OfferVerdict {
  offerId: string;
  datasetId: string;
  verified: boolean;
  reason?: string;
}
interface Dataset {
  '@id': string;
  /** The catalog writes the title as `dct:title` (a string, or a value object with `@value`); older answers as `title`. */
  'dct:title'?: unknown;
  title?: unknown;
  hasPolicy?: Record<string, unknown>[];
}
interface CatalogResult {
  counterPartyId: string;
  catalog: { dataset?: Dataset[] };
  offers: OfferVerdict[];
  next: string | null;
}

const PEER = 'kontor.lastPeer';

/** Request a peer's catalog, show each offer with its credential's verification, and negotiate one. */
export const catalogPage: Page = async (ctx) => {
  const last = JSON.parse(sessionStorage.getItem(PEER) ?? '{}') as { address?: string; id?: string };
  const address = h('input', { type: 'url', name: 'counterPartyAddress', required: true, value: last.address ?? '', placeholder: 'https://provider.example/api/dsp' });
  const peerId = h('input', { type: 'text', name: 'counterPartyId', required: true, value: last.id ?? '', placeholder: 'did:web:provider.example' });
  const submit = h('button', { type: 'submit' }, 'Request catalog');
  const out = outcome();
  const results = h('section', { 'aria-labelledby': 'offers-title' });
  const form = h('form', {}, field('Peer DSP address', address, 'The peer connector’s DSP endpoint'), field('Peer participant id (DID)', peerId), submit, out.el);

  // The peer the offers shown came from (a negotiation and the next page go to it, whatever the fields say now).
  let asked = { counterPartyAddress: '', counterPartyId: '' };
  const negotiate = async (dataset: Dataset, offer: Record<string, unknown>, button: HTMLButtonElement) =>
    busy(button, out, async () => {
      const body = { ...asked, offer: { ...offer, target: dataset['@id'] } };
      const { id } = await post<{ id: string }>('/api/v1/negotiations', body);
      ctx.go(`#/negotiations/${encodeURIComponent(id)}`);
    });

  type Row = { verdict: OfferVerdict; dataset: Dataset | undefined; offer: Record<string, unknown> | undefined };
  let rows: Row[] = [];
  const more = h('button', { type: 'button', class: 'secondary' }, 'More offers');
  let next: string | null = null;
  const show = (result: CatalogResult, append: boolean) => {
    const datasets = result.catalog.dataset ?? [];
    const page = result.offers.map((verdict) => {
      const dataset = datasets.find((d) => d['@id'] === verdict.datasetId);
      return { verdict, dataset, offer: dataset?.hasPolicy?.find((p) => p['@id'] === verdict.offerId) };
    });
    rows = append ? [...rows, ...page] : page;
    next = result.next;
    results.replaceChildren(
      h('h2', { id: 'offers-title' }, `Offers of ${result.counterPartyId}`),
      table('Offers', ['Dataset', 'Offer', 'Credential', 'Action'], rows, ({ verdict, dataset, offer }) => {
        const button = h('button', { type: 'button', 'aria-label': `Negotiate ${verdict.datasetId}`, disabled: !verdict.verified || !offer || !dataset }, 'Negotiate');
        if (dataset && offer) button.addEventListener('click', () => void negotiate(dataset, offer, button));
        return [
          h('span', {}, verdict.datasetId, titleOf(dataset) === undefined ? null : h('div', { class: 'muted' }, titleOf(dataset) as string)),
          code(verdict.offerId),
          verdict.verified ? h('span', { class: 'ok' }, 'verified') : h('span', { class: 'bad' }, `not verified: ${verdict.reason ?? 'no reason given'}`),
          button,
        ];
      }),
      next ? h('div', { class: 'actions' }, h('span', { class: 'muted' }, 'The peer has more offers than shown.'), more) : '',
    );
  };
  // The next page of the same peer's catalog (its `next` URL), added below the offers shown.
  more.addEventListener('click', () => {
    if (!next) return;
    const body = { ...asked, pageUrl: next };
    void busy(more, out, async () => show(await post<CatalogResult>('/api/v1/catalog/request', body), true));
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, out, async () => {
      sessionStorage.setItem(PEER, JSON.stringify({ address: address.value, id: peerId.value }));
      asked = { counterPartyAddress: address.value, counterPartyId: peerId.value };
      show(await post<CatalogResult>('/api/v1/catalog/request', asked), false);
    });
  });
  return [h('h1', {}, 'Catalog'), form, results];
};

/** A dataset's title as the catalog gives it (`dct:title`, else `title`): a string, or the `@value` of a value object. */
function titleOf(dataset: Dataset | undefined): string | undefined {
  const value = dataset?.['dct:title'] ?? dataset?.title;
  if (typeof value === 'string') return value;
  const inner = value !== null && typeof value === 'object' ? (value as { '@value'?: unknown })['@value'] : undefined;
  return typeof inner === 'string' ? inner : undefined;
}
