import { fromJsonLiteral, jsonLiteral, OFFER_CREDENTIAL_PROPERTY, type DcatDataset } from '../../catalog/index.js';
import { ConnectorError, isConnectorError, type Clock, type Logger } from '../../core/index.js';
import { withDeadline } from '../http/deadline.js';
import type { CatalogRequester } from '../offers/index.js';
import { joinUrl } from '../peer/dsp-http-client.js';
import type { FederatedOffer, FederationPeer, FederationStore } from './federation-store.js';

export interface FederationCrawlerDeps {
  store: FederationStore;
  requester: CatalogRequester;
  /** The peers to crawl this round (configured ones plus the authority's directory). */
  peers(): Promise<FederationPeer[]>;
  clock: Clock;
  logger: Logger;
  /** A peer failing for longer than this since its last good crawl loses its offers; default 24 h. */
  evictAfterMs?: number;
  /** Catalog pages followed per peer; default 100. */
  maxPages?: number;
  /** The whole crawl of one peer (every page) must end within this, or it fails; default 120 s. */
  peerTimeoutMs?: number;
  /** Peers crawled at once; default 4. */
  concurrency?: number;
}

export const DEFAULT_PEER_TIMEOUT_MS = 120_000;

export interface CrawlOutcome {
  peerId: string;
  ok: boolean;
  offers: number;
  rejected: number;
  error?: string;
}

type Json = Record<string, unknown>;
const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The verified offers of one catalog page, each with its dataset narrowed to that offer and its credential. */
function federatedOffers(peerId: string, datasets: readonly DcatDataset[], verified: ReadonlySet<string>, at: number): FederatedOffer[] {
  return datasets.flatMap((dataset) =>
    dataset.hasPolicy
      .filter((o) => verified.has(`${dataset['@id']}\n${o['@id']}`))
      .flatMap((offer) => {
        const credential = asArray(dataset[OFFER_CREDENTIAL_PROPERTY])
          .map(fromJsonLiteral)
          .find((c) => {
            const subject = asArray((c as Json).credentialSubject)[0] as Json | undefined;
            return (asArray(subject?.hasPolicy)[0] as Json | undefined)?.['@id'] === offer['@id'];
          }) as Json | undefined;
        if (!credential) return [];
        const keywords = asArray(dataset['dcat:keyword']).filter((k): k is string => typeof k === 'string');
        const title = str(dataset['dct:title']);
        const searchText = [dataset['@id'], offer['@id'], title, str(dataset['dct:description']), ...keywords].filter(Boolean).join(' ').toLowerCase();
        return [
          {
            peerId,
            offerId: offer['@id'],
            datasetId: dataset['@id'],
            title,
            keywords,
            searchText,
            fetchedAt: at,
            credential,
            dataset: { ...dataset, hasPolicy: [offer], [OFFER_CREDENTIAL_PROPERTY]: [jsonLiteral(credential)] },
          },
        ];
      }),
  );
}

/**
 * Crawls the catalogs of the data space into the federated catalog. Only offers whose credentials verify are
 * kept. A failed crawl keeps the peer's earlier offers (the peer shows `lastError` and is stale) until
 * `evictAfterMs` has passed since its last good crawl. `crawlOnce()` runs one round (tests drive it);
 * `start(intervalMs)` repeats it, never two rounds at once.
 *
 * No peer can hold up the others: up to `concurrency` peers are crawled at once, and each peer's crawl (all its
 * pages) has `peerTimeoutMs`; past it the crawl fails and the page in flight is abandoned (it ends on its own
 * request timeout, and no further page is asked for). A `next` link back to a page already read fails the crawl
 * too: the peer's paging loops. An offer listed twice is kept once.
 */
export class FederationCrawler {
  private running: Promise<CrawlOutcome[]> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: FederationCrawlerDeps) {}

  crawlOnce(): Promise<CrawlOutcome[]> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  start(intervalMs: number): void {
    if (this.timer || intervalMs <= 0) return;
    const tick = () => {
      this.timer = setTimeout(
        () =>
          void this.crawlOnce()
            .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'federated crawl failed'))
            .finally(() => {
              if (this.timer) tick();
            }),
        intervalMs,
      );
      this.timer.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async round(): Promise<CrawlOutcome[]> {
    const peers = await this.deps.peers();
    const outcomes: CrawlOutcome[] = [];
    let taken = 0;
    const worker = async () => {
      for (let i = taken++; i < peers.length; i = taken++) outcomes[i] = await this.crawlPeer(peers[i] as FederationPeer);
    };
    const workers = await Promise.allSettled(Array.from({ length: Math.min(Math.max(1, this.deps.concurrency ?? 4), peers.length) }, worker));
    const failed = workers.find((w) => w.status === 'rejected');
    if (failed) throw failed.reason;
    return outcomes;
  }

  /** Every page of a peer's catalog, within the peer's deadline. */
  private async fetchCatalog(peer: FederationPeer, at: number): Promise<{ offers: FederatedOffer[]; rejected: number }> {
    const ms = this.deps.peerTimeoutMs ?? DEFAULT_PEER_TIMEOUT_MS;
    let pages = 0;
    let deadline: AbortSignal | undefined;
    const work = async (signal: AbortSignal) => {
      deadline = signal;
      const offers = new Map<string, FederatedOffer>();
      const rejected = new Set<string>();
      const read = new Set([new URL(joinUrl(peer.url, 'catalog/request')).href]);
      let next: string | undefined;
      while (pages < (this.deps.maxPages ?? 100)) {
        const result = await this.deps.requester.request({ counterPartyAddress: peer.url, counterPartyId: peer.peerId, ...(next ? { pageUrl: next } : {}) });
        signal.throwIfAborted(); // past the deadline: the crawl has failed already, ask for nothing more
        pages++;
        const verified = new Set(result.offers.filter((v) => v.verified).map((v) => `${v.datasetId}\n${v.offerId}`));
        for (const v of result.offers) if (!v.verified) rejected.add(`${v.datasetId}\n${v.offerId}`);
        for (const o of federatedOffers(peer.peerId, asArray(result.catalog.dataset) as DcatDataset[], verified, at)) if (!offers.has(o.offerId)) offers.set(o.offerId, o);
        next = result.next;
        if (!next) break;
        const href = new URL(next).href;
        if (read.has(href)) throw new ConnectorError('PEER_REJECTED', { detail: `catalog page ${pages} links next to ${next}, a page already read: the paging loops` });
        read.add(href);
      }
      return { offers: [...offers.values()], rejected: rejected.size };
    };
    try {
      return await withDeadline(ms, work, 'the crawl');
    } catch (error) {
      if (deadline?.aborted && error === deadline.reason)
        throw new ConnectorError('PEER_UNAVAILABLE', {
          detail: `the crawl did not end within ${ms} ms (catalog.federation.peerTimeoutMs) after ${pages} catalog page(s); tried again next round`,
        });
      throw error;
    }
  }

  private async crawlPeer(peer: FederationPeer): Promise<CrawlOutcome> {
    const at = this.deps.clock.now();
    try {
      const { offers, rejected } = await this.fetchCatalog(peer, at);
      await this.deps.store.replaceOffers(peer, offers, { at, rejected });
      if (rejected > 0) this.deps.logger.warn({ peer: peer.peerId, rejected }, 'offers left out of the federated catalog: their credentials do not verify');
      return { peerId: peer.peerId, ok: true, offers: offers.length, rejected };
    } catch (error) {
      const message = isConnectorError(error) ? `${error.code}: ${error.detail ?? ''}` : String((error as Error)?.message ?? error);
      this.deps.logger.warn({ peer: peer.peerId, error: message }, 'federated crawl of a peer failed; its offers are kept');
      await this.deps.store.recordFailure(peer, at, message);
      const state = (await this.deps.store.peers()).find((p) => p.peerId === peer.peerId);
      if (state?.lastSuccessAt !== undefined && at - state.lastSuccessAt > (this.deps.evictAfterMs ?? 86_400_000)) await this.deps.store.evictOffers(peer.peerId);
      return { peerId: peer.peerId, ok: false, offers: 0, rejected: 0, error: message };
    }
  }
}
