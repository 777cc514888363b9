import type { FederatedOffer, FederatedSearch, FederationPeer, FederationStore, PeerState } from '../../federation/index.js';
import type { Database, Db } from '../database.js';
import { whereContains } from './like-filter.js';
import { guarded } from '../sql-errors.js';

type Row = Record<string, unknown>;
const text = (v: unknown) => (v === null || v === undefined ? undefined : String(v));
const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));

const toOffer = (r: Row): FederatedOffer => ({
  peerId: String(r.peer_id),
  offerId: String(r.offer_id),
  datasetId: String(r.dataset_id),
  title: text(r.title),
  keywords: String(r.keywords).split('|').filter(Boolean),
  searchText: String(r.search_text),
  fetchedAt: Number(r.fetched_at),
  dataset: JSON.parse(String(r.dataset)) as FederatedOffer['dataset'],
  credential: JSON.parse(String(r.credential)) as Record<string, unknown>,
});

const toPeer = (r: Row): PeerState => ({
  peerId: String(r.peer_id),
  url: String(r.url),
  source: String(r.source) as PeerState['source'],
  lastAttemptAt: num(r.last_attempt_at),
  lastSuccessAt: num(r.last_success_at),
  lastError: text(r.last_error),
  offerCount: Number(r.offer_count),
  rejectedCount: Number(r.rejected_count),
});

/** Keywords as `|a|b|`, lower-cased, so one LIKE finds a whole keyword. */
const keywordColumn = (keywords: readonly string[]) => `|${keywords.map((k) => k.toLowerCase().replaceAll('|', ' ')).join('|')}|`;

async function upsertPeer(db: Db, peer: FederationPeer, set: Row): Promise<void> {
  await db
    .insertInto('federation_peers')
    .values({ peer_id: peer.peerId, url: peer.url, source: peer.source, ...set })
    .onConflict((oc) => oc.column('peer_id').doUpdateSet({ url: peer.url, source: peer.source, ...set }))
    .execute();
}

/** Kysely implementation of the federated catalog cache. */
export class FederationSqlStore implements FederationStore {
  constructor(private readonly database: Database) {}

  replaceOffers(peer: FederationPeer, listed: readonly FederatedOffer[], result: { at: number; rejected: number }): Promise<void> {
    const seen = new Set<string>();
    const offers = listed.filter((o) => !seen.has(o.offerId) && seen.add(o.offerId)); // an offer listed twice is stored (and counted) once
    return guarded('federated catalog', () =>
      this.database.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('federated_offers').where('peer_id', '=', peer.peerId).execute();
        for (let i = 0; i < offers.length; i += 200) {
          await trx
            .insertInto('federated_offers')
            .values(
              offers.slice(i, i + 200).map((o) => ({
                peer_id: peer.peerId,
                offer_id: o.offerId,
                dataset_id: o.datasetId,
                title: o.title ?? null,
                search_text: o.searchText,
                keywords: keywordColumn(o.keywords),
                fetched_at: o.fetchedAt,
                dataset: JSON.stringify(o.dataset),
                credential: JSON.stringify(o.credential),
              })),
            )
            .execute();
        }
        await upsertPeer(trx, peer, { last_attempt_at: result.at, last_success_at: result.at, last_error: null, offer_count: offers.length, rejected_count: result.rejected });
      }),
    );
  }

  recordFailure(peer: FederationPeer, at: number, error: string): Promise<void> {
    return guarded('federated catalog', () => upsertPeer(this.database.db, peer, { last_attempt_at: at, last_error: error.slice(0, 1000) }));
  }

  evictOffers(peerId: string): Promise<void> {
    return guarded('federated catalog', () =>
      this.database.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('federated_offers').where('peer_id', '=', peerId).execute();
        await trx.updateTable('federation_peers').set({ offer_count: 0 }).where('peer_id', '=', peerId).execute();
      }),
    );
  }

  search(query: FederatedSearch): Promise<{ items: FederatedOffer[]; total: number }> {
    return guarded('federated catalog', async () => {
      let base = this.database.db.selectFrom('federated_offers');
      if (query.q) base = whereContains(base, 'search_text', query.q);
      if (query.keyword) base = whereContains(base, 'keywords', `|${query.keyword.replaceAll('|', ' ')}|`);
      if (query.publisher) base = base.where('peer_id', '=', query.publisher);
      const [rows, count] = await Promise.all([
        base.selectAll().orderBy('peer_id').orderBy('dataset_id').orderBy('offer_id').offset(query.offset).limit(query.limit).execute(),
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
      ]);
      return { items: (rows as Row[]).map(toOffer), total: Number((count as Row | undefined)?.n ?? 0) };
    });
  }

  peers(): Promise<PeerState[]> {
    return guarded('federated catalog', async () => ((await this.database.db.selectFrom('federation_peers').selectAll().orderBy('peer_id').execute()) as Row[]).map(toPeer));
  }
}
