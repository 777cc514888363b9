import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset, AssetStore, ContractDefinition, ContractDefinitionStore } from '../../catalog/index.js';
import { FixedClock, silentLogger } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { freshDatabase, TEST_PG_URL, type Backend } from '../../test/helpers/test-database.js';
import { storesOn, type Stores } from '../store/sql/create-stores.js';
import { dataService, pullFormat } from './catalog-imports.js';
import { createCatalogProvider } from './catalog-provider.js';
import type { PageCursor } from './page-cursor.js';

/**
 * Paging a catalog by the cursors of its links, with hidden assets anywhere among the visible ones: every visible
 * offer comes exactly once and in listing order, forwards and backwards, and a page reads only the assets from where
 * it starts to the first visible asset after it (counted through a wrapper around the real SQL asset store).
 */
const agent: ParticipantAgent = { id: 'did:web:guest', claims: { credentialTypes: [] } };
const publisher = () => ({ participantId: 'did:web:p', service: dataService('did:web:p#dsp', 'http://p/api/dsp'), formatsFor: pullFormat });
const ASSETS = 48;

/** Definitions offering exactly `visible` (selector by id list, so no SQL shortcut applies). */
const offering = (visible: string[]): ContractDefinitionStore => {
  const definition: ContractDefinition = {
    id: 'd',
    createdAt: 0,
    updatedAt: 0,
    version: 1,
    accessPolicyId: 'open',
    contractPolicyId: 'open',
    assetsSelector: [{ operandLeft: 'id', operator: 'in', operandRight: visible }],
  };
  const items = visible.length > 0 ? [definition] : [];
  return { list: async () => ({ items, total: items.length, offset: 0, limit: 1000 }) } as unknown as ContractDefinitionStore;
};

/** The asset store, counting the assets its listings return. */
function counting(assets: AssetStore): { store: AssetStore; read: () => number } {
  let read = 0;
  const store: AssetStore = {
    ...assets,
    findById: (id) => assets.findById(id),
    list: async (query) => {
      const page = await assets.list(query);
      read += page.items.length;
      return page;
    },
  };
  return { store, read: () => read };
}

const backends: Backend[] = TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(backends)('catalog paging by cursor (%s)', (backend) => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  /** Every asset id in listing order (created_at, then id), as the store lists them. */
  let listing: string[];
  /** Each asset's createdAt, the place a cursor names with its id. */
  let createdAt: Map<string, number>;

  beforeAll(async () => {
    const fresh = await freshDatabase(backend);
    const clock = new FixedClock();
    stores = storesOn(fresh.database, clock);
    cleanup = fresh.cleanup;
    await stores.policies.create({ id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } });
    // Ids out of creation order, several assets per instant (ties are broken by id).
    for (let i = 0; i < ASSETS; i++) {
      await stores.assets.create({ id: `x${String((i * 29) % ASSETS).padStart(2, '0')}`, properties: { title: `T${i}` }, dataAddress: { type: 'HttpData' } });
      if (i % 3 === 2) clock.advance(1);
    }
    const all = (await stores.assets.list({ offset: 0, limit: 1000, filter: {} })).items;
    listing = all.map((a: Asset) => a.id);
    createdAt = new Map(all.map((a: Asset) => [a.id, a.createdAt]));
  });
  afterAll(async () => cleanup());

  const scenario = fc.record({
    shown: fc.array(fc.boolean(), { minLength: ASSETS, maxLength: ASSETS }),
    limit: fc.integer({ min: 1, max: 9 }),
    scanChunk: fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
  });

  it('should give every visible offer once, in order, reading only up to the next visible asset per page', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ shown, limit, scanChunk }) => {
        const visible = listing.filter((_, i) => shown[i]);
        const reads = counting(stores.assets);
        const provider = createCatalogProvider({
          ...stores,
          assets: reads.store,
          contractDefinitions: offering(visible),
          isOfferVisible: () => true,
          publisher,
          logger: silentLogger,
          ...(scanChunk ? { scanChunk } : {}),
        });
        const walked: string[] = [];
        const pages: { ids: string[]; previous?: PageCursor }[] = [];
        let cursor: PageCursor | undefined;
        let start = 0;
        for (let n = 0; n <= ASSETS; n++) {
          const before = reads.read();
          const page = await provider.datasets(agent, {}, { offset: 0, limit, ...(cursor ? { cursor } : {}) });
          const ids = page.datasets.map((d) => d['@id']);
          walked.push(...ids);
          // From where the page starts to the first visible asset after it, both included (or the end of the listing).
          const following = visible[walked.length];
          const end = following === undefined ? listing.length : listing.indexOf(following) + 1;
          expect(reads.read() - before).toBeLessThanOrEqual(end - start);
          expect(page.more).toBe(following !== undefined);
          pages.push({ ids, ...(page.previous && 'direction' in page.previous ? { previous: page.previous } : {}) });
          if (!page.next) break;
          expect(page.next).toEqual({ direction: 'after', id: ids.at(-1), at: createdAt.get(ids.at(-1) as string) });
          cursor = page.next;
          start = listing.indexOf(cursor.id) + 1;
        }
        expect(walked).toEqual(visible);

        // Backwards from the last page by the previous links: the same pages in reverse.
        const back: string[][] = [];
        let previous = pages.at(-1)?.previous;
        while (previous) {
          const page = await provider.datasets(agent, {}, { offset: 0, limit, cursor: previous });
          back.unshift(page.datasets.map((d) => d['@id']));
          previous = page.previous && 'direction' in page.previous ? page.previous : undefined;
          expect(back.length).toBeLessThanOrEqual(pages.length);
        }
        expect([...back.flat(), ...(pages.at(-1)?.ids ?? [])]).toEqual(visible);
      }),
      { numRuns: backend === 'sqlite' ? 40 : 15 },
    );
  }, 120_000);

  it('should answer an offset page as the visible datasets from that offset, linking onwards by cursor', async () => {
    const visible = listing.filter((_, i) => i % 4 !== 1);
    const provider = createCatalogProvider({ ...stores, contractDefinitions: offering(visible), isOfferVisible: () => true, publisher, logger: silentLogger });
    const page = await provider.datasets(agent, {}, { offset: 10, limit: 5 });
    expect(page.datasets.map((d) => d['@id'])).toEqual(visible.slice(10, 15));
    expect(page).toMatchObject({ more: true, next: { direction: 'after', id: visible[14], at: createdAt.get(visible[14] as string) }, previous: { offset: 5 } });
  });

  it('should let other work run between the reads of one deep scan', async () => {
    const visible = listing.slice(-1);
    const provider = createCatalogProvider({ ...stores, contractDefinitions: offering(visible), isOfferVisible: () => true, publisher, logger: silentLogger, scanChunk: 4 });
    let turns = 0;
    let running = true;
    const other = () => {
      turns++;
      if (running) setImmediate(other);
    };
    setImmediate(other);
    const page = await provider.datasets(agent, {}, { offset: 0, limit: 1 });
    running = false;
    expect(page.datasets.map((d) => d['@id'])).toEqual(visible);
    // 48 assets read 4 at a time, all but the last hidden: other work gets a turn between the reads.
    expect(turns).toBeGreaterThanOrEqual(ASSETS / 4 - 1);
  });

  it('should refuse a cursor naming an asset that is gone or hidden from the requester, alike', async () => {
    const visible = listing.slice(0, 10);
    const provider = createCatalogProvider({ ...stores, contractDefinitions: offering(visible), isOfferVisible: () => true, publisher, logger: silentLogger });
    const answer = (id: string) =>
      provider.datasets(agent, {}, { offset: 0, limit: 3, cursor: { direction: 'after', id } }).then(
        () => 'served',
        (error: { code: string; detail: string }) => `${error.code}: ${error.detail}`,
      );
    const hidden = await answer(listing[20] as string);
    expect(hidden).toMatch(/^INVALID_QUERY: cursor no longer points into the catalog you may see/);
    expect(await answer('no-such-asset')).toBe(hidden);
    expect(await answer(listing[2] as string)).toBe('served');
  });
});
