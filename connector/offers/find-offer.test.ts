import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { recordingPeer, type RecordingPeer } from '../../test/helpers/recording-peer.js';
import { createOutboundPolicy } from '../http/outbound/index.js';
import { findOfferInCatalog } from './find-offer.js';

let peer: RecordingPeer;
afterEach(async () => peer.close());
const outbound = createOutboundPolicy({ allowLoopback: true });
const offer = (id: string, extra: Record<string, unknown> = {}) => ({ '@id': id, '@type': 'Offer', permission: [{ action: 'use' }], ...extra });
const catalog = (datasets: unknown[]) => ({ '@type': 'Catalog', dataset: datasets });
const find = (offerId: string, maxPages?: number) =>
  findOfferInCatalog({ counterPartyAddress: `${peer.url}/`, offerId, token: 'tok', outbound, ...(maxPages ? { maxPages } : {}) });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'found',
    (e: unknown) => `${(e as ConnectorError).code}: ${(e as ConnectorError).detail}`,
  );

/** A provider whose catalog answers page by page (`page=N` in the query), with a `next` link on all but the last. */
async function provider(pages: unknown[]) {
  peer = await recordingPeer();
  let served = 0;
  peer.during = async () => {
    const page = served++;
    peer.answer = {
      status: 200,
      body: pages[page] as Record<string, unknown>,
      ...(page + 1 < pages.length ? { headers: { link: `<${peer.url}/catalog/request?page=${page + 1}>; rel="next"` } } : {}),
    };
  };
}

describe('findOfferInCatalog', () => {
  it('asks the catalog with a CatalogRequestMessage and returns the offer with the dataset that carries it as its target', async () => {
    await provider([
      catalog([
        { '@id': 'asset-1', hasPolicy: [offer('o-1')] },
        { '@id': 'asset-2', hasPolicy: offer('o-2') },
      ]),
    ]);
    expect(await find('o-2')).toEqual({ ...offer('o-2'), target: 'asset-2' });
    expect(peer.received).toEqual([{ path: 'catalog/request', body: { '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' } }]);
  });

  it('keeps the target an offer names itself', async () => {
    await provider([catalog([{ '@id': 'asset-1', hasPolicy: [offer('o-1', { target: 'asset-x' })] }])]);
    expect((await find('o-1')).target).toBe('asset-x');
  });

  it('follows the next links until it finds the offer', async () => {
    await provider([catalog([{ '@id': 'a', hasPolicy: [offer('o-1')] }]), catalog([]), catalog([{ '@id': 'c', hasPolicy: [offer('o-3')] }])]);
    expect(await find('o-3')).toMatchObject({ '@id': 'o-3', target: 'c' });
    expect(peer.received.map((r) => r.path)).toEqual(['catalog/request', 'catalog/request?page=1', 'catalog/request?page=2']);
  });

  it('NOT_FOUND when no page has the offer, or after maxPages pages', async () => {
    await provider([catalog([{ '@id': 'a', hasPolicy: [offer('o-1')] }]), catalog([{ '@id': 'b', hasPolicy: [offer('o-2')] }])]);
    expect(await refusal(find('o-9'))).toBe("NOT_FOUND: the provider's catalog has no offer 'o-9' for us");
    expect(peer.received).toHaveLength(2);
    await peer.close();
    await provider([catalog([{ '@id': 'a', hasPolicy: [offer('o-1')] }]), catalog([{ '@id': 'b', hasPolicy: [offer('o-2')] }])]);
    expect(await refusal(find('o-2', 1))).toMatch(/^NOT_FOUND: /);
    expect(peer.received).toHaveLength(1);
  });

  it('a catalog without datasets has no offers; a provider refusing the request is PEER_REJECTED', async () => {
    await provider([{ '@type': 'Catalog' }]);
    expect(await refusal(find('o-1'))).toMatch(/^NOT_FOUND: /);
    delete peer.during;
    peer.answer = { status: 403, body: { reason: ['not a member'] } };
    expect(await refusal(find('o-1'))).toMatch(/^PEER_REJECTED: .*403: not a member/);
  });
});
