import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { fakeVisibility, seed } from '../../test/protocol/catalog-fixture.js';
import { freshDatabase } from '../../test/helpers/test-database.js';
import { storesOn, type Stores } from '../store/sql/create-stores.js';
import { dataService, pullFormat } from './catalog-imports.js';
import { createCatalogProvider } from './catalog-provider.js';

const guest: ParticipantAgent = { id: 'did:web:guest', claims: { credentialTypes: [] } };
const publisher = () => ({ participantId: 'did:web:p', service: dataService('did:web:p#dsp', 'http://p/api/dsp'), formatsFor: pullFormat });
let stores: Stores;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  const fresh = await freshDatabase('sqlite');
  stores = storesOn(fresh.database, new FixedClock());
  cleanup = fresh.cleanup;
  await seed(stores);
});
afterEach(async () => cleanup());

const ids = async (provider: ReturnType<typeof createCatalogProvider>) => (await provider.datasets(guest, {}, { offset: 0, limit: 100 })).datasets.map((d) => d['@id']);

describe('catalog provider', () => {
  it('should read definitions and policies on every request without a cache', async () => {
    const provider = createCatalogProvider({ ...stores, isOfferVisible: fakeVisibility, publisher, logger: silentLogger });
    expect(await ids(provider)).not.toContain('orphan');
    await stores.contractDefinitions.create({
      id: 'd-orphan',
      accessPolicyId: 'open',
      contractPolicyId: 'use',
      assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'orphan' }],
    });
    expect(await ids(provider)).toContain('orphan');
  });

  it('should serve cached terms until the TTL passes or invalidate() is called', async () => {
    const clock = new FixedClock();
    const provider = createCatalogProvider({ ...stores, isOfferVisible: fakeVisibility, publisher, logger: silentLogger, cache: { clock, ttlMs: 1000 } });
    expect(await ids(provider)).not.toContain('orphan');
    await stores.contractDefinitions.create({
      id: 'd-orphan',
      accessPolicyId: 'open',
      contractPolicyId: 'use',
      assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'orphan' }],
    });
    expect(await ids(provider)).not.toContain('orphan');
    clock.advance(1000);
    expect(await ids(provider)).toContain('orphan');
    await stores.contractDefinitions.delete('d-orphan');
    expect(await ids(provider)).toContain('orphan');
    provider.invalidate();
    expect(await ids(provider)).not.toContain('orphan');
  });

  it('should not query assets at all when nothing is visible', async () => {
    const provider = createCatalogProvider({ ...stores, isOfferVisible: () => false, publisher, logger: silentLogger });
    const assets = { ...stores.assets, list: () => Promise.reject(new Error('must not be called')) };
    const blind = createCatalogProvider({ ...stores, assets, isOfferVisible: () => false, publisher, logger: silentLogger });
    expect(await provider.datasets(guest, {}, { offset: 0, limit: 10 })).toEqual({ datasets: [], more: false });
    expect(await blind.datasets(guest, {}, { offset: 0, limit: 10 })).toEqual({ datasets: [], more: false });
  });
});

describe('catalog provider paging', () => {
  const member: ParticipantAgent = { id: 'did:web:member', claims: { credentialTypes: ['MembershipCredential'] } };
  const page = async (agent: ParticipantAgent, filter: Record<string, string>, offset: number, limit: number, scanChunk?: number) => {
    const provider = createCatalogProvider({ ...stores, isOfferVisible: fakeVisibility, publisher, logger: silentLogger, ...(scanChunk ? { scanChunk } : {}) });
    const result = await provider.datasets(agent, filter, { offset, limit });
    return { ids: result.datasets.map((d) => d['@id']), ...result, datasets: undefined };
  };

  it('should answer a filter that matches only hidden assets exactly as one that matches nothing', async () => {
    const nothing = { ids: [], more: false, datasets: undefined };
    // 'urn:asset:members/only' is hidden from a guest; 'orphan' and 'unoffered' are offered to nobody.
    await stores.assets.create({ id: 'unoffered', properties: { title: 'Members only, too' }, dataAddress: { type: 'HttpData' } });
    for (const q of ['Members only', 'Offered to nobody', 'nothing at all']) {
      expect(await page(guest, { q }, 0, 1)).toEqual(nothing);
      // An offset page links the page before it whatever it holds (the link depends on the offset alone).
      expect(await page(guest, { q }, 1, 1)).toEqual({ ...nothing, previous: { offset: 0 } });
    }
    expect(await page(member, { q: 'Members only' }, 0, 1)).toEqual({ ids: ['urn:asset:members/only'], more: false, datasets: undefined });
  });

  it('should count offsets over visible datasets and say more only when a visible one follows', async () => {
    // A guest sees a01..a07; the hidden members-only asset and the orphan sort after them and must not make a next page.
    expect(await page(guest, {}, 0, 7)).toMatchObject({ ids: ['a01', 'a02', 'a03', 'a04', 'a05', 'a06', 'a07'], more: false });
    expect(await page(guest, {}, 6, 1)).toMatchObject({ ids: ['a07'], more: false });
    expect(await page(guest, {}, 3, 2)).toMatchObject({ ids: ['a04', 'a05'], more: true });
    expect(await page(guest, {}, 7, 5)).toMatchObject({ ids: [], more: false });
    expect(await page(member, {}, 0, 7)).toMatchObject({ ids: ['a01', 'a02', 'a03', 'a04', 'a05', 'a06', 'a07'], more: true });
    expect(await page(member, {}, 7, 1)).toMatchObject({ ids: ['urn:asset:members/only'], more: false });
  });

  it('should find the same pages when it reads the assets in small chunks', async () => {
    for (const chunk of [1, 2, 3, 9]) {
      expect(await page(guest, {}, 3, 2, chunk)).toMatchObject({ ids: ['a04', 'a05'], more: true });
      expect(await page(guest, {}, 5, 5, chunk)).toMatchObject({ ids: ['a06', 'a07'], more: false });
      expect(await page(member, {}, 6, 1, chunk)).toMatchObject({ ids: ['a07'], more: true });
      expect(await page(guest, { q: 'Members only' }, 0, 1, chunk)).toMatchObject({ ids: [], more: false });
    }
  });

  it('should page in SQL alike when a visible definition selects every asset', async () => {
    await stores.contractDefinitions.create({ id: 'd-all', accessPolicyId: 'open', contractPolicyId: 'use', assetsSelector: [] });
    expect(await page(guest, {}, 7, 1)).toMatchObject({ ids: ['orphan'], more: true });
    expect(await page(guest, {}, 8, 1)).toMatchObject({ ids: ['urn:asset:members/only'], more: false });
    expect(await page(guest, { q: 'Members only' }, 0, 1)).toMatchObject({ ids: ['urn:asset:members/only'], more: false });
  });
});
