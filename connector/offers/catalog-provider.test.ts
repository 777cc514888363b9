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
    expect(await provider.datasets(guest, {}, { offset: 0, limit: 10 })).toEqual({ datasets: [], total: 0 });
    expect(await blind.datasets(guest, {}, { offset: 0, limit: 10 })).toEqual({ datasets: [], total: 0 });
  });
});
