import type { Request, Response } from 'express';
import { toIso } from '../../../core/index.js';
import type { FederatedOffer, FederationStore, PeerState } from '../../federation/index.js';
import { parseListQuery } from '../../http/list-query.js';
import type { RouteDef } from '../../http/route-def.js';

const iso = (ms: number | undefined) => (ms === undefined ? null : toIso(ms));

const offerDto = (o: FederatedOffer) => ({
  publisher: o.peerId,
  datasetId: o.datasetId,
  offerId: o.offerId,
  title: o.title ?? null,
  keywords: o.keywords,
  fetchedAt: toIso(o.fetchedAt),
  dataset: o.dataset,
});

/** A peer is stale when its last crawl failed (its offers are the ones from its last good crawl). */
const peerDto = (p: PeerState) => ({
  peerId: p.peerId,
  url: p.url,
  source: p.source,
  stale: p.lastError !== undefined || p.lastSuccessAt === undefined,
  lastAttemptAt: iso(p.lastAttemptAt),
  lastSuccessAt: iso(p.lastSuccessAt),
  lastError: p.lastError ?? null,
  offerCount: p.offerCount,
  rejectedCount: p.rejectedCount,
});

/** The federated catalog: search the verified offers crawled from the data space, and see each peer's crawl state. */
export function federatedCatalogRoutes(deps: { store: FederationStore }): RouteDef[] {
  const search = async (req: Request, res: Response) => {
    const query = parseListQuery(req, ['q', 'keyword', 'publisher']);
    const { q, keyword, publisher } = query.filter;
    const page = await deps.store.search({ offset: query.offset, limit: query.limit, ...(q ? { q } : {}), ...(keyword ? { keyword } : {}), ...(publisher ? { publisher } : {}) });
    res.json({ items: page.items.map(offerDto), total: page.total, offset: query.offset, limit: query.limit });
  };
  return [
    { method: 'get', path: '/api/v1/federated-catalog', handler: search, query: true },
    { method: 'get', path: '/api/v1/federated-catalog/peers', handler: async (_req, res) => void res.json({ items: (await deps.store.peers()).map(peerDto) }) },
  ];
}
