import { fromJsonLiteral, jsonLiteral, OFFER_CREDENTIAL_PROPERTY, type DcatDataset } from '../../catalog/index.js';
import { isConnectorError, type Clock, type Logger } from '../../core/index.js';
import type { CatalogRequester } from '../offers/index.js';
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
}

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
    for (const peer of peers) outcomes.push(await this.crawlPeer(peer));
    return outcomes;
  }

  private async crawlPeer(peer: FederationPeer): Promise<CrawlOutcome> {
    const at = this.deps.clock.now();
    try {
      const offers: FederatedOffer[] = [];
      let rejected = 0;
      let next: string | undefined;
      for (let page = 0; page < (this.deps.maxPages ?? 100); page++) {
        const result = await this.deps.requester.request({ counterPartyAddress: peer.url, counterPartyId: peer.peerId, ...(next ? { pageUrl: next } : {}) });
        const verified = new Set(result.offers.filter((v) => v.verified).map((v) => `${v.datasetId}\n${v.offerId}`));
        rejected += result.offers.length - verified.size;
        offers.push(...federatedOffers(peer.peerId, asArray(result.catalog.dataset) as DcatDataset[], verified, at));
        next = result.next;
        if (!next) break;
      }
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
