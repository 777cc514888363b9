import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Asset } from '../../catalog/index.js';
import { FixedClock } from '../../core/index.js';
import type { ContractNegotiation } from '../../connector/negotiation/index.js';
import { newEntity } from '../../connector/statemachine/new-entity.js';
import { storesOn, type Stores } from '../../connector/store/sql/create-stores.js';
import { freshDatabase, type Backend } from '../helpers/test-database.js';

type NewAsset = Omit<Asset, 'createdAt' | 'updatedAt' | 'version'>;
const asset = (id: string, extra: Partial<NewAsset['properties']> = {}): NewAsset => ({
  id,
  properties: { title: `Title ${id}`, description: 'Sensor readings', keywords: ['Sensor', 'wind'], mediaType: 'text/csv', ...extra },
  dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/secret' },
});
const policy = (id: string) => ({ id, policy: { '@type': 'Set', permission: [{ action: 'use' }] } });

/** An agreement on `assetId` kept by a FINALIZED negotiation of the given role (as the negotiation stack stores it). */
async function agree(stores: Stores, id: string, assetId: string, role: 'provider' | 'consumer'): Promise<void> {
  const negotiation = {
    ...newEntity('FINALIZED', 0),
    id: `n-${id}`,
    role,
    consumerPid: `n-${id}`,
    counterPartyId: 'did:web:peer',
    counterPartyAddress: 'http://peer.test',
    offer: {},
    assetId,
    agreementId: id,
    handledMessages: [],
    history: [],
  } as unknown as ContractNegotiation;
  await stores.negotiations.save(negotiation);
  const [assigner, assignee] = role === 'provider' ? ['did:web:us', 'did:web:peer'] : ['did:web:peer', 'did:web:us'];
  await stores.agreements.save({ id, negotiationId: `n-${id}`, assigner, assignee, assetId, signedAt: 0, policy: { '@type': 'Agreement' }, status: 'active' });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'no error';
}

/** The contract every ResourceStore implementation must meet, run once per backend. */
export function resourceStoreContract(backend: Backend): void {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  const clock = new FixedClock();

  beforeEach(async () => {
    const fresh = await freshDatabase(backend);
    stores = storesOn(fresh.database, clock);
    cleanup = fresh.cleanup;
  });
  afterEach(async () => cleanup());

  describe('AssetStore', () => {
    it('should create, find and get an asset with version 1', async () => {
      const created = await stores.assets.create(asset('a1'));
      expect(created.version).toBe(1);
      expect(await stores.assets.getById('a1')).toEqual(created);
      expect(await stores.assets.findById('nope')).toBeUndefined();
      expect(await codeOf(stores.assets.getById('nope'))).toBe('NOT_FOUND');
    });

    it('should refuse a duplicate id and keep the first', async () => {
      await stores.assets.create(asset('a1'));
      expect(await codeOf(stores.assets.create(asset('a1', { title: 'other' })))).toBe('ALREADY_EXISTS');
      expect((await stores.assets.getById('a1')).properties.title).toBe('Title a1');
    });

    it('should replace with a new version and refuse a stale version', async () => {
      await stores.assets.create(asset('a1'));
      const v2 = await stores.assets.replace(asset('a1', { title: 'New' }), 1);
      expect(v2.version).toBe(2);
      expect(await codeOf(stores.assets.replace(asset('a1', { title: 'Lost' }), 1))).toBe('VERSION_CONFLICT');
      expect((await stores.assets.getById('a1')).properties.title).toBe('New');
      expect(await codeOf(stores.assets.replace(asset('zz')))).toBe('NOT_FOUND');
    });

    it('should delete only at the expected version, when one is given', async () => {
      await stores.assets.create(asset('a1'));
      await stores.assets.replace(asset('a1', { title: 'New' }), 1);
      expect(await codeOf(stores.assets.delete('a1', 1))).toBe('VERSION_CONFLICT');
      expect(await stores.assets.findById('a1')).toBeDefined();
      await stores.assets.delete('a1', 2);
      expect(await stores.assets.findById('a1')).toBeUndefined();
    });

    it('should let exactly one of two concurrent replaces of the same version win', async () => {
      await stores.assets.create(asset('a1'));
      const results = await Promise.allSettled([stores.assets.replace(asset('a1', { title: 'A' }), 1), stores.assets.replace(asset('a1', { title: 'B' }), 1)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await stores.assets.getById('a1')).version).toBe(2);
    });

    it('should list with paging, text search, keyword and media type filters', async () => {
      for (let i = 0; i < 5; i++) await stores.assets.create(asset(`a${i}`, i === 3 ? { title: 'Penguins 50%', keywords: ['Bio'], mediaType: 'application/json' } : {}));
      const page = await stores.assets.list({ offset: 1, limit: 2, filter: {} });
      expect(page.total).toBe(5);
      expect(page.items.map((a) => a.id)).toEqual(['a1', 'a2']);
      expect((await stores.assets.list({ offset: 0, limit: 10, filter: { q: 'PENGUINS 50%' } })).items.map((a) => a.id)).toEqual(['a3']);
      expect((await stores.assets.list({ offset: 0, limit: 10, filter: { q: '%' } })).total).toBe(1);
      expect((await stores.assets.list({ offset: 0, limit: 10, filter: { keyword: 'bio' } })).total).toBe(1);
      expect((await stores.assets.list({ offset: 0, limit: 10, filter: { keyword: 'sens' } })).total).toBe(0);
      expect((await stores.assets.list({ offset: 0, limit: 10, filter: { mediaType: 'text/csv' } })).total).toBe(4);
    });

    it('should refuse to delete an asset a contract definition selects, naming it', async () => {
      await stores.assets.create(asset('a1'));
      await stores.policies.create(policy('p1'));
      await stores.contractDefinitions.create({
        id: 'cd1',
        accessPolicyId: 'p1',
        contractPolicyId: 'p1',
        assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'a1' }],
      });
      const error = await stores.assets.delete('a1').catch((e: unknown) => e as { code: string; detail: string });
      expect(error).toMatchObject({ code: 'STILL_REFERENCED', detail: expect.stringContaining("'cd1'") });
      await stores.contractDefinitions.delete('cd1');
      await stores.assets.delete('a1');
      expect(await stores.assets.findById('a1')).toBeUndefined();
      expect(await codeOf(stores.assets.delete('a1'))).toBe('NOT_FOUND');
    });

    it('should refuse to delete an asset we provide under an agreement not revoked, counting them, until all are revoked', async () => {
      await stores.assets.create(asset('a1'));
      await agree(stores, 'ag1', 'a1', 'provider');
      await agree(stores, 'ag2', 'a1', 'provider');
      const error = await stores.assets.delete('a1').catch((e: unknown) => e as { code: string; detail: string });
      expect(error).toMatchObject({ code: 'STILL_REFERENCED', detail: expect.stringContaining('2 agreements not revoked') });
      await stores.agreements.revoke('ag1', 1);
      expect(await stores.assets.delete('a1').catch((e: unknown) => e)).toMatchObject({ code: 'STILL_REFERENCED', detail: expect.stringContaining('1 agreement not revoked') });
      expect(await stores.assets.findById('a1')).toBeDefined();
      await stores.agreements.revoke('ag2', 1);
      await stores.assets.delete('a1');
      expect(await stores.assets.findById('a1')).toBeUndefined();
    });

    it("should not count an agreement kept as consumer: it names a peer's dataset that shares the id", async () => {
      await stores.assets.create(asset('a1'));
      await agree(stores, 'ag1', 'a1', 'consumer');
      await stores.assets.delete('a1');
      expect(await stores.assets.findById('a1')).toBeUndefined();
    });
  });

  describe('PolicyDefinitionStore', () => {
    it('should round-trip the policy JSON and description', async () => {
      await stores.policies.create({ ...policy('p1'), description: 'Research only' });
      expect(await stores.policies.getById('p1')).toMatchObject({ policy: policy('p1').policy, description: 'Research only' });
      expect((await stores.policies.list({ offset: 0, limit: 5, filter: { q: 'research' } })).total).toBe(1);
    });

    it('should refuse to delete a policy a contract definition uses, naming it', async () => {
      await stores.policies.create(policy('p1'));
      await stores.policies.create(policy('p2'));
      await stores.contractDefinitions.create({ id: 'cd1', accessPolicyId: 'p2', contractPolicyId: 'p1', assetsSelector: [] });
      expect(await stores.policies.delete('p1').catch((e: unknown) => e)).toMatchObject({ code: 'STILL_REFERENCED', detail: expect.stringContaining("'cd1'") });
      expect(await codeOf(stores.policies.delete('p2'))).toBe('STILL_REFERENCED');
    });
  });

  describe('ContractDefinitionStore', () => {
    it('should refuse unknown policies and write nothing', async () => {
      await stores.policies.create(policy('p1'));
      const error = await stores.contractDefinitions.create({ id: 'cd1', accessPolicyId: 'p1', contractPolicyId: 'ghost', assetsSelector: [] }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', violations: [{ pointer: '/contractPolicyId' }] });
      expect(await stores.contractDefinitions.findById('cd1')).toBeUndefined();
    });

    it('should return from create and replace exactly what it stored, policy ids included', async () => {
      await stores.policies.create(policy('p1'));
      await stores.policies.create(policy('p2'));
      const created = await stores.contractDefinitions.create({ id: 'cd1', accessPolicyId: 'p1', contractPolicyId: 'p2', assetsSelector: [] });
      expect(created).toMatchObject({ accessPolicyId: 'p1', contractPolicyId: 'p2' });
      expect(created).toEqual(await stores.contractDefinitions.getById('cd1'));
      const replaced = await stores.contractDefinitions.replace({ id: 'cd1', accessPolicyId: 'p2', contractPolicyId: 'p1', assetsSelector: [], approval: 'manual' }, 1);
      expect(replaced).toMatchObject({ accessPolicyId: 'p2', contractPolicyId: 'p1', approval: 'manual', version: 2 });
      expect(replaced).toEqual(await stores.contractDefinitions.getById('cd1'));
    });

    it('should store a selector at the schema maximum (100 criteria of 1000 ids), and replace it', async () => {
      await stores.policies.create(policy('p1'));
      const selector = (prefix: string) =>
        Array.from({ length: 100 }, (_, c) => ({ operandLeft: 'id', operator: 'in' as const, operandRight: Array.from({ length: 1000 }, (_, i) => `${prefix}${c}-${i}`) }));
      await stores.contractDefinitions.create({ id: 'cd1', accessPolicyId: 'p1', contractPolicyId: 'p1', assetsSelector: selector('a') });
      const byAsset = async (assetId: string) => (await stores.contractDefinitions.list({ offset: 0, limit: 10, filter: { assetId } })).items.map((d) => d.id);
      expect(await byAsset('a99-999')).toEqual(['cd1']);
      await stores.contractDefinitions.replace({ id: 'cd1', accessPolicyId: 'p1', contractPolicyId: 'p1', assetsSelector: selector('b') });
      expect(await byAsset('a99-999')).toEqual([]);
      expect(await byAsset('b0-0')).toEqual(['cd1']);
    });

    it('should filter by policy and by selected asset, and update references on replace', async () => {
      await stores.policies.create(policy('p1'));
      await stores.policies.create(policy('p2'));
      const sel = (ids: string[]) => [{ operandLeft: 'id', operator: 'in' as const, operandRight: ids }];
      await stores.contractDefinitions.create({ id: 'cd1', accessPolicyId: 'p1', contractPolicyId: 'p1', assetsSelector: sel(['a1', 'a2']) });
      await stores.contractDefinitions.create({ id: 'cd2', accessPolicyId: 'p2', contractPolicyId: 'p1', assetsSelector: sel(['a2']), approval: 'manual' });
      const byAsset = async (assetId: string) => (await stores.contractDefinitions.list({ offset: 0, limit: 10, filter: { assetId } })).items.map((d) => d.id);
      expect(await byAsset('a2')).toEqual(['cd1', 'cd2']);
      expect((await stores.contractDefinitions.list({ offset: 0, limit: 10, filter: { accessPolicyId: 'p2' } })).items[0]).toMatchObject({ id: 'cd2', approval: 'manual' });
      await stores.contractDefinitions.replace({ id: 'cd1', accessPolicyId: 'p1', contractPolicyId: 'p1', assetsSelector: sel(['a3']) });
      expect(await byAsset('a1')).toEqual([]);
      expect(await byAsset('a3')).toEqual(['cd1']);
    });
  });
}
