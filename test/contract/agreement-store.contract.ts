import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import type { AgreementStore, ContractAgreement } from '../../connector/negotiation/agreement/contract-agreement.js';
import { storesOn } from '../../connector/store/sql/create-stores.js';
import { freshDatabase, type Backend } from '../helpers/test-database.js';

const agreement = (id: string, assignee = 'did:web:consumer'): ContractAgreement => ({
  id,
  negotiationId: `n-${id}`,
  assigner: 'did:web:provider',
  assignee,
  assetId: 'asset-1',
  signedAt: 10,
  policy: { '@type': 'Agreement', '@id': id, permission: [{ action: 'use' }] },
  credential: { proof: { type: 'DataIntegrityProof' } },
  status: 'active',
});

/** The contract of AgreementStore, run once per backend. */
export function agreementStoreContract(backend: Backend): void {
  let store: AgreementStore;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const fresh = await freshDatabase(backend);
    store = storesOn(fresh.database, new FixedClock()).agreements;
    cleanup = fresh.cleanup;
  });
  afterEach(async () => cleanup());

  describe('AgreementStore', () => {
    it('should save once, read back exactly, and list by counterparty', async () => {
      await store.save(agreement('urn:uuid:a1'));
      await store.save(agreement('urn:uuid:a2', 'did:web:other'));
      expect(await store.getById('urn:uuid:a1')).toEqual(agreement('urn:uuid:a1'));
      await expect(store.save(agreement('urn:uuid:a1'))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      expect((await store.list({ offset: 0, limit: 10, counterPartyId: 'did:web:other' })).items.map((a) => a.id)).toEqual(['urn:uuid:a2']);
      expect((await store.list({ offset: 0, limit: 10, counterPartyId: 'did:web:provider' })).total).toBe(2);
      await expect(store.getById('urn:uuid:none')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('should revoke idempotently, keeping the first revocation time', async () => {
      await store.save(agreement('urn:uuid:a1'));
      expect(await store.revoke('urn:uuid:a1', 20)).toMatchObject({ status: 'revoked', revokedAt: 20 });
      expect(await store.revoke('urn:uuid:a1', 30)).toMatchObject({ status: 'revoked', revokedAt: 20 });
      await expect(store.revoke('urn:uuid:none', 30)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
}
