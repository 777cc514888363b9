import { api, enc } from './api.js';
import { code, facts, h, table } from './dom.js';
import { busy, describe, link, outcome, type PageContext } from './page.js';
import { POLL_MS, poll } from './poller.js';

export interface Transfer {
  id: string;
  role: string;
  state: string;
  transferType: string;
  assetId: string;
  agreementId: string;
  counterPartyId: string;
  hasEdr: boolean;
  purpose: string | null;
  errorDetail: string | null;
  terminationReason?: string | null;
  dataDestination?: string | null;
  history: { state: string; at: string; cause?: string }[];
}
interface Edr {
  endpoint: string;
  token: string | null;
  authType: string;
  expiresAt: string | null;
}
interface DataPreview {
  status: number;
  contentType: string | null;
  characters: number;
  preview: string;
  truncated: boolean;
}

const STARTING = ['INITIAL', 'REQUESTING', 'REQUESTED', 'STARTING'];

/**
 * One transfer: its facts and history; for a started pull, the EDR and a preview of the data pulled through it. While
 * it starts it is read again every few seconds, in place: the EDR, the data, an outcome and the focus stay.
 */
export function transferDetail(first: Transfer, ctx: PageContext): Node[] {
  const out = outcome();
  const path = `/api/v1/transfers/${enc(first.id)}`;
  let current = first;
  const [factsBox, actionsBox, historyBox] = [h('div'), h('div'), h('div')];
  const note = h('span', { class: 'muted', role: 'status' });
  const edrBox = h('section', { 'aria-label': 'Endpoint data reference' });
  const dataBox = h('section', { 'aria-label': 'Data' });
  const edrButton = h('button', { type: 'button' }, 'Show EDR');
  const dataButton = h('button', { type: 'button' }, 'Fetch data');
  edrButton.addEventListener(
    'click',
    () =>
      void busy(edrButton, out, async () => {
        const e = await api<Edr>(`${path}/edr`);
        edrBox.replaceChildren(
          h('h2', {}, 'Endpoint data reference'),
          facts([
            ['Endpoint', code(e.endpoint)],
            ['Auth type', e.authType],
            ['Token', e.token ? code(e.token) : '—'],
            ['Expires', e.expiresAt ?? '—'],
          ]),
        );
      }),
  );
  dataButton.addEventListener(
    'click',
    () =>
      void busy(dataButton, out, async () => {
        const d = await api<DataPreview>(`${path}/data`);
        dataBox.replaceChildren(
          h('h2', {}, 'Data'),
          facts([
            ['Provider status', String(d.status)],
            ['Media type', d.contentType ?? '—'],
            ['Length', `${d.characters} characters${d.truncated ? ' (preview cut)' : ''}`],
          ]),
          h('pre', { 'data-testid': 'data-preview', tabindex: '0', 'aria-label': 'Data preview' }, d.preview),
        );
      }),
  );
  const reload = async () => {
    try {
      show(await api<Transfer>(path));
      note.textContent = '';
    } catch (error) {
      note.textContent = `Could not refresh: ${describe(error)}`;
    }
  };
  const actions = h('div', { class: 'actions' }, edrButton, dataButton);
  const noEdr = h('p', { class: 'muted' }, 'No EDR: the EDR and data are shown for a started pull transfer on the consumer side.');
  function show(t: Transfer): void {
    current = t;
    factsBox.replaceChildren(
      facts([
        ['State', h('span', { 'data-testid': 'transfer-state' }, t.state)],
        ['Role', t.role],
        ['Type', t.transferType],
        ['Asset', t.assetId],
        ['Agreement', code(t.agreementId)],
        ['Counterparty', code(t.counterPartyId)],
        ['Purpose', t.purpose ?? '—'],
        ['Error', t.errorDetail ?? '—'],
        ['Termination reason', h('span', { 'data-testid': 'termination-reason' }, t.terminationReason ?? '—')],
        ...(t.dataDestination ? [['Destination', code(t.dataDestination)] as [string, Node]] : []),
      ]),
    );
    // The same choice keeps its node (and the focus on a button in it).
    const shown = t.hasEdr && t.state === 'STARTED' ? actions : noEdr;
    if (actionsBox.firstChild !== shown) actionsBox.replaceChildren(shown);
    historyBox.replaceChildren(table('History', ['State', 'At', 'Cause'], t.history, (x) => [x.state, x.at, x.cause ?? '']));
  }
  show(first);
  // No form field on this page to protect: a refresh only ever replaces the boxes above.
  const poller = poll(ctx, POLL_MS, reload, { wanted: () => STARTING.includes(current.state), paused: () => false });
  const refresh = h('button', { type: 'button', class: 'secondary', onClick: () => void reload().then(poller.kick) }, 'Refresh');
  return [
    h('h1', {}, `Transfer ${first.id}`),
    h('p', {}, link('#/transfers', '← All transfers'), ' ', refresh, ' ', note),
    factsBox,
    actionsBox,
    out.el,
    edrBox,
    dataBox,
    h('h2', {}, 'History'),
    historyBox,
  ];
}
