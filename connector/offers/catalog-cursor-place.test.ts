import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset, ContractDefinition, ContractDefinitionStore } from '../../catalog/index.js';
import { FixedClock, silentLogger } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { freshDatabase, TEST_PG_URL, type Backend } from '../../test/helpers/test-database.js';
import { storesOn, type Stores } from '../store/sql/create-stores.js';
import { dataService, pullFormat } from './catalog-imports.js';
import { createCatalogProvider, type DatasetPage } from './catalog-provider.js';
import type { PageCursor } from './page-cursor.js';

/**
 * A cursor continues from its dataset's place in the listing: a walk goes on when that dataset was deleted or hidden
 * since the page that linked it, and a forged cursor at the place of a hidden (or made-up) dataset is answered
 * exactly as one at the place of the nearest visible dataset, so it tells nothing about what is hidden.
 */
const agent: ParticipantAgent = { id: 'did:web:guest', claims: { credentialTypes: [] } };
const publisher = () => ({ participantId: 'did:web:p', service: dataService('did:web:p#dsp', 'http://p/api/dsp'), formatsFor: pullFormat });
const ASSETS = 24;

/** Definitions offering exactly the ids `visible()` holds at each request (selector by id list). */
const offering = (visible: () => string[]): ContractDefinitionStore =>
  ({
    list: async () => {
      const ids = visible();
      const d: ContractDefinition = {
        id: 'd',
        createdAt: 0,
        updatedAt: 0,
        version: 1,
        accessPolicyId: 'open',
        contractPolicyId: 'open',
        assetsSelector: [{ operandLeft: 'id', operator: 'in', operandRight: ids }],
      };
      const items = ids.length > 0 ? [d] : [];
      return { items, total: items.length, offset: 0, limit: 1000 };
    },
  }) as unknown as ContractDefinitionStore;

const ids = (page: DatasetPage) => page.datasets.map((d) => d['@id']);
const cursorOf = (link: DatasetPage['previous']): PageCursor | undefined => (link && 'direction' in link ? link : undefined);

async function seeded(backend: Backend, count: number): Promise<{ stores: Stores; listing: Asset[]; cleanup: () => Promise<void> }> {
  const fresh = await freshDatabase(backend);
  const clock = new FixedClock();
  const stores = storesOn(fresh.database, clock);
  await stores.policies.create({ id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } });
  for (let i = 0; i < count; i++) {
    await stores.assets.create({ id: `x${String((i * 7) % count).padStart(2, '0')}`, properties: { title: `T${i}` }, dataAddress: { type: 'HttpData' } });
    if (i % 3 === 2) clock.advance(1);
  }
  const listing = (await stores.assets.list({ offset: 0, limit: 1000, filter: {} })).items;
  return { stores, listing, cleanup: fresh.cleanup };
}

const backends: Backend[] = TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(backends)('catalog cursors by place (%s)', (backend) => {
  let stores: Stores;
  let listing: Asset[];
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ stores, listing, cleanup } = await seeded(backend, ASSETS)));
  afterAll(async () => cleanup());

  it('should walk on past a cursor whose dataset was hidden since, linking back only when something visible lies behind', async () => {
    const scenario = fc.record({ shown: fc.array(fc.boolean(), { minLength: ASSETS, maxLength: ASSETS }), limit: fc.integer({ min: 1, max: 5 }), hideAfter: fc.nat(8) });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ shown, limit, hideAfter }) => {
        const visible = listing.map((a) => a.id).filter((_, i) => shown[i]);
        let current = [...visible];
        const provider = createCatalogProvider({
          ...stores,
          contractDefinitions: offering(() => current),
          isOfferVisible: () => true,
          publisher,
          logger: silentLogger,
          scanChunk: 3,
        });
        const walked: string[] = [];
        let cursor: PageCursor | undefined;
        for (let n = 0; n <= ASSETS; n++) {
          const page = await provider.datasets(agent, {}, { offset: 0, limit, ...(cursor ? { cursor } : {}) });
          walked.push(...ids(page));
          // Something visible before the page exactly when a previous link is given (a cursor page links no offset).
          const first = ids(page)[0];
          if (cursor && first !== undefined) expect(page.previous !== undefined).toBe(current.indexOf(first) > 0);
          if (!page.next) break;
          cursor = page.next;
          // Hide the dataset the next cursor names (already walked, so the walk still owes every other one).
          if (n === hideAfter) current = current.filter((id) => id !== cursor?.id);
        }
        expect(walked).toEqual(visible);
      }),
      { numRuns: backend === 'sqlite' ? 30 : 10 },
    );
  }, 120_000);

  it('should answer a cursor at a hidden or made-up dataset exactly as one at the nearest visible dataset', async () => {
    const visible = listing.filter((_, i) => i % 3 === 0 || i === 13).map((a) => a.id);
    const provider = createCatalogProvider({ ...stores, contractDefinitions: offering(() => visible), isOfferVisible: () => true, publisher, logger: silentLogger });
    const page = (cursor: PageCursor) => provider.datasets(agent, {}, { offset: 0, limit: 2, cursor });
    for (const [i, asset] of listing.entries()) {
      if (visible.includes(asset.id)) continue;
      const at = asset.createdAt;
      for (const direction of ['after', 'before'] as const) {
        const hidden = await page({ direction, id: asset.id, at });
        // A made-up id right next to the hidden one (same createdAt, no asset between them).
        expect(await page({ direction, id: `${asset.id}0`, at })).toEqual(hidden);
        const side = direction === 'after' ? listing.slice(0, i).reverse() : listing.slice(i + 1);
        const nearest = side.find((a) => visible.includes(a.id));
        if (nearest) expect(await page({ direction, id: nearest.id, at: nearest.createdAt })).toEqual(hidden);
        else expect(cursorOf(direction === 'after' ? hidden.previous : hidden.next)).toBeUndefined();
      }
    }
  });

  it('should walk on past datasets deleted since the page that linked them, both ways', async () => {
    const own = await seeded(backend, 12);
    try {
      const all = own.listing.map((a) => a.id);
      const provider = createCatalogProvider({ ...own.stores, contractDefinitions: offering(() => all), isOfferVisible: () => true, publisher, logger: silentLogger });
      const page = (cursor?: PageCursor) => provider.datasets(agent, {}, { offset: 0, limit: 3, ...(cursor ? { cursor } : {}) });
      const first = await page();
      expect(ids(first)).toEqual(all.slice(0, 3));
      await own.stores.assets.delete(all[2] as string);
      const second = await page(first.next);
      expect(ids(second)).toEqual(all.slice(3, 6));
      expect(cursorOf(second.previous)).toEqual({ direction: 'before', id: all[3], at: own.listing[3]?.createdAt });
      for (const id of all.slice(3, 7)) await own.stores.assets.delete(id);
      const third = await page(second.next);
      expect(ids(third)).toEqual(all.slice(7, 10));
      // Back from the third page: the datasets before it, less the deleted ones.
      const back = await page(cursorOf(third.previous));
      expect(ids(back)).toEqual(all.slice(0, 2));
      expect([back.more, cursorOf(back.previous), back.next]).toEqual([true, undefined, { direction: 'after', id: all[1], at: own.listing[1]?.createdAt }]);
      // Everything before a cursor deleted: an empty page without links, not a refusal.
      for (const id of all.slice(0, 2)) await own.stores.assets.delete(id);
      expect(await page(cursorOf(second.previous))).toEqual({ datasets: [], more: false });
    } finally {
      await own.cleanup();
    }
  });
});
