import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonLiteral, OFFER_CREDENTIAL_PROPERTY, type DcatCatalog } from '../../catalog/index.js';
import { FixedClock, silentLogger } from '../../core/index.js';
import type { CatalogRequester } from '../offers/index.js';
import type { CatalogRequestInput, CatalogRequestResult } from '../offers/catalog-requester.js';
import { FederationCrawler } from './federation-crawler.js';
import type { FederatedOffer, FederationPeer, FederationStore, PeerState } from './federation-store.js';

/** The federated catalog cache in memory: enough to see what the crawler stores. */
class MemoryFederationStore implements FederationStore {
  readonly offers = new Map<string, FederatedOffer[]>();
  readonly states = new Map<string, PeerState>();
  private state(peer: FederationPeer): PeerState {
    return this.states.get(peer.peerId) ?? { ...peer, lastAttemptAt: undefined, lastSuccessAt: undefined, lastError: undefined, offerCount: 0, rejectedCount: 0 };
  }
  async replaceOffers(peer: FederationPeer, offers: readonly FederatedOffer[], result: { at: number; rejected: number }) {
    this.offers.set(peer.peerId, [...offers]);
    this.states.set(peer.peerId, {
      ...this.state(peer),
      lastAttemptAt: result.at,
      lastSuccessAt: result.at,
      lastError: undefined,
      offerCount: offers.length,
      rejectedCount: result.rejected,
    });
  }
  async recordFailure(peer: FederationPeer, at: number, error: string) {
    this.states.set(peer.peerId, { ...this.state(peer), lastAttemptAt: at, lastError: error });
  }
  async evictOffers(peerId: string) {
    this.offers.delete(peerId);
  }
  async search() {
    return { items: [...this.offers.values()].flat(), total: 0 };
  }
  async peers() {
    return [...this.states.values()];
  }
  offerIds(peerId: string) {
    return (this.offers.get(peerId) ?? []).map((o) => o.offerId);
  }
}

const peerOf = (name: string): FederationPeer => ({ peerId: `did:web:${name}.example`, url: `https://${name}.example/dsp`, source: 'config' });
const firstPage = (peer: FederationPeer) => `${peer.url}/catalog/request`;

/** One catalog page offering `offerIds` (one dataset each, every offer with its credential, all verified). */
function page(peer: FederationPeer, offerIds: string[], next?: string): CatalogRequestResult {
  const dataset = offerIds.map((id) => ({
    '@id': `ds-${id}`,
    '@type': 'Dataset',
    hasPolicy: [{ '@id': id, '@type': 'Offer' }],
    distribution: [],
    [OFFER_CREDENTIAL_PROPERTY]: [jsonLiteral({ id: `urn:uuid:${id}`, credentialSubject: { hasPolicy: { '@id': id } } })],
  }));
  return {
    counterPartyId: peer.peerId,
    catalog: { '@id': 'c', '@type': 'Catalog', dataset } as unknown as DcatCatalog,
    offers: offerIds.map((id) => ({ offerId: id, datasetId: `ds-${id}`, verified: true })),
    ...(next ? { next } : {}),
  };
}

/** Fake peers by DSP URL; records every page asked for. */
function requester(answer: (peer: FederationPeer, input: CatalogRequestInput) => Promise<CatalogRequestResult>, peers: FederationPeer[]) {
  const asked: CatalogRequestInput[] = [];
  const fake: CatalogRequester = {
    request: (input) => {
      asked.push(input);
      return answer(peers.find((p) => p.url === input.counterPartyAddress) as FederationPeer, input);
    },
  };
  return { fake, asked: (peer: FederationPeer) => asked.filter((i) => i.counterPartyAddress === peer.url) };
}

function crawler(store: FederationStore, fake: CatalogRequester, peers: FederationPeer[], options: { peerTimeoutMs?: number; concurrency?: number } = {}) {
  return new FederationCrawler({ store, requester: fake, peers: async () => peers, clock: new FixedClock(), logger: silentLogger, ...options });
}

/** Lets every promise chain that waits on nothing but other promises run to its end. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => void vi.useRealTimers());

describe('federated crawl: one peer cannot hold up the others', () => {
  it('should crawl other peers while one is slow, and fail the slow one at its deadline, keeping its earlier offers and asking it for nothing more', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const slow = peerOf('slow');
    const honest = peerOf('honest');
    const store = new MemoryFederationStore();
    await crawler(store, requester(async (p) => page(p, ['old']), [slow]).fake, [slow]).crawlOnce();
    // every page of the slow peer takes 3 s and links a new next page, forever
    const { fake, asked } = requester(
      (p) =>
        p === slow
          ? new Promise((resolve) => setTimeout(() => resolve(page(p, ['s1'], `${firstPage(p)}?page=${asked(slow).length + 1}`)), 3000))
          : Promise.resolve(page(p, ['h1'])),
      [slow, honest],
    );
    let settled = false;
    const round = crawler(store, fake, [slow, honest], { peerTimeoutMs: 31_000 })
      .crawlOnce()
      .finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.offerIds(honest.peerId)).toEqual(['h1']);
    await vi.advanceTimersByTimeAsync(30_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    const outcomes = await round;
    expect(outcomes.map((o) => [o.peerId, o.ok])).toEqual([
      [slow.peerId, false],
      [honest.peerId, true],
    ]);
    expect(outcomes[0]?.error).toMatch(/^PEER_UNAVAILABLE: the crawl did not end within 31000 ms .* after 10 catalog page\(s\)/);
    expect(store.offerIds(slow.peerId)).toEqual(['old']);
    expect(store.states.get(slow.peerId)).toMatchObject({ lastSuccessAt: expect.any(Number), lastError: outcomes[0]?.error });
    expect(asked(slow)).toHaveLength(11); // the eleventh page was in flight at the deadline
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked(slow)).toHaveLength(11);
  });

  it('should crawl at most `concurrency` peers at once', async () => {
    const peers = ['a', 'b', 'c', 'd', 'e', 'f'].map(peerOf);
    const pending: (() => void)[] = [];
    const { fake, asked } = requester((p) => new Promise((resolve) => pending.push(() => resolve(page(p, [`${p.peerId}#1`])))), peers);
    const round = crawler(new MemoryFederationStore(), fake, peers, { concurrency: 4 }).crawlOnce();
    await settle();
    expect(peers.map((p) => asked(p).length)).toEqual([1, 1, 1, 1, 0, 0]);
    pending.shift()?.();
    await settle();
    expect(peers.map((p) => asked(p).length)).toEqual([1, 1, 1, 1, 1, 0]);
    while (pending.length > 0) {
      pending.shift()?.();
      await settle();
    }
    expect((await round).map((o) => [o.ok, o.offers])).toEqual(peers.map(() => [true, 1]));
  });
});

describe('federated crawl: paging', () => {
  it('should fail a peer whose next link loops back to a page already read, keeping its earlier offers', async () => {
    const peer = peerOf('loop');
    const store = new MemoryFederationStore();
    await crawler(store, requester(async (p) => page(p, ['old']), [peer]).fake, [peer]).crawlOnce();
    const toFirst = requester(async (p) => page(p, ['x']), [peer]);
    const toFirstFake: CatalogRequester = { request: async (input) => ({ ...(await toFirst.fake.request(input)), next: firstPage(peer) }) };
    const [outcome] = await crawler(store, toFirstFake, [peer]).crawlOnce();
    expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(/^PEER_REJECTED: catalog page 1 links next to .*, a page already read: the paging loops/) });
    expect(toFirst.asked(peer)).toHaveLength(1);
    const toSecond = requester(async (p) => page(p, ['x'], `${firstPage(p)}?offset=10`), [peer]);
    expect((await crawler(store, toSecond.fake, [peer]).crawlOnce())[0]?.error).toMatch(/catalog page 2 links next/);
    expect(toSecond.asked(peer)).toHaveLength(2);
    expect(store.offerIds(peer.peerId)).toEqual(['old']);
    expect(store.states.get(peer.peerId)?.lastError).toMatch(/the paging loops/);
  });

  it('should keep an offer listed on two pages once', async () => {
    const peer = peerOf('twice');
    const store = new MemoryFederationStore();
    const { fake } = requester(async (p, input) => (input.pageUrl ? page(p, ['b', 'c']) : page(p, ['a', 'b'], `${firstPage(p)}?offset=2`)), [peer]);
    const [outcome] = await crawler(store, fake, [peer]).crawlOnce();
    expect(outcome).toMatchObject({ ok: true, offers: 3 });
    expect(store.offerIds(peer.peerId)).toEqual(['a', 'b', 'c']);
  });
});
