import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import type { AgreementStore, ContractAgreement } from '../../connector/negotiation/agreement/contract-agreement.js';
import type { ContractNegotiation } from '../../connector/negotiation/contract-negotiation.js';
import { newEntity } from '../../connector/statemachine/new-entity.js';
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
  let stores: ReturnType<typeof storesOn>;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const fresh = await freshDatabase(backend);
    stores = storesOn(fresh.database, new FixedClock());
    store = stores.agreements;
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

    it("should keep a negotiation's agreement in the transaction of its save: both or neither, a stored one as it is", async () => {
      const n = {
        ...newEntity('VERIFIED', 0),
        id: 'urn:uuid:n1',
        role: 'consumer',
        consumerPid: 'urn:uuid:n1',
        counterPartyId: 'did:web:provider',
        counterPartyAddress: 'http://provider.test',
        offer: {},
        handledMessages: [],
        history: [],
      } as ContractNegotiation;
      const saved = await stores.negotiations.save(n);
      const finalized = { ...saved, state: 'FINALIZED' as const, keepAgreement: agreement('urn:uuid:a1') };
      // A stale version fails the save, and the agreement with it.
      await expect(stores.negotiations.save({ ...finalized, version: saved.version + 5 })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
      expect(await store.findById('urn:uuid:a1')).toBeUndefined();
      // An agreement that cannot be written fails the save: the negotiation stays as it was.
      const unwritable = { ...agreement('urn:uuid:a1'), policy: { big: 1n } as never };
      await expect(stores.negotiations.save({ ...finalized, keepAgreement: unwritable })).rejects.toThrow();
      expect(await stores.negotiations.getById('urn:uuid:n1')).toMatchObject({ state: 'VERIFIED', version: saved.version });
      expect(await store.findById('urn:uuid:a1')).toBeUndefined();
      const done = await stores.negotiations.save(finalized);
      expect(done).not.toHaveProperty('keepAgreement'); // transient: never stored, never on a loaded entity
      expect(await stores.negotiations.getById('urn:uuid:n1')).not.toHaveProperty('keepAgreement');
      expect(await store.getById('urn:uuid:a1')).toEqual(agreement('urn:uuid:a1'));
      // An id stored already keeps what it holds: the same agreement (another record of it) passes, as it is.
      const { credential: _credential, ...record } = agreement('urn:uuid:a1');
      const again = await stores.negotiations.save({ ...done, keepAgreement: { ...record, negotiationId: 'n-other', signedAt: 99 } });
      expect(await store.getById('urn:uuid:a1')).toEqual(agreement('urn:uuid:a1'));
      // Another agreement under that id (other dataset, parties or rules) fails the save, and the negotiation stays as it was.
      for (const other of [{ assetId: 'other' }, { assigner: 'did:web:other' }, { policy: { ...agreement('urn:uuid:a1').policy, obligation: [{ action: 'delete' }] } }]) {
        await expect(stores.negotiations.save({ ...again, keepAgreement: { ...agreement('urn:uuid:a1'), ...other } })).rejects.toMatchObject({
          code: 'ALREADY_EXISTS',
        });
        expect(await stores.negotiations.getById('urn:uuid:n1')).toMatchObject({ state: 'FINALIZED', version: again.version });
        expect(await store.getById('urn:uuid:a1')).toEqual(agreement('urn:uuid:a1'));
      }
    });

    it('should revoke idempotently, keeping the first revocation time', async () => {
      await store.save(agreement('urn:uuid:a1'));
      expect(await store.revoke('urn:uuid:a1', 20)).toMatchObject({ status: 'revoked', revokedAt: 20 });
      expect(await store.revoke('urn:uuid:a1', 30)).toMatchObject({ status: 'revoked', revokedAt: 20 });
      await expect(store.revoke('urn:uuid:none', 30)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('should keep who revoked and why when the revocation was learned from another party, and only the first one', async () => {
      await store.save(agreement('urn:uuid:a1'));
      await store.save(agreement('urn:uuid:a2'));
      const by = { by: 'did:web:provider.example', reason: 'agreement urn:uuid:a1 revoked' };
      const revoked = await store.revoke('urn:uuid:a1', 20, by);
      expect(revoked).toMatchObject({ status: 'revoked', revokedAt: 20, revokedBy: by.by, revocationReason: by.reason });
      expect(await store.getById('urn:uuid:a1')).toEqual(revoked);
      expect(revoked.policy).toEqual(agreement('urn:uuid:a1').policy); // the rest of the body stays
      expect(revoked.credential).toEqual(agreement('urn:uuid:a1').credential);
      expect(await store.revoke('urn:uuid:a1', 30, { by: 'did:web:other', reason: 'later' })).toEqual(revoked);
      // Revoked by this connector's operator: nobody else named.
      const own = await store.revoke('urn:uuid:a2', 40);
      expect(own).toMatchObject({ status: 'revoked', revokedAt: 40 });
      expect(own).not.toHaveProperty('revokedBy');
      expect(own).not.toHaveProperty('revocationReason');
      expect(await store.revoke('urn:uuid:a2', 50, by)).toEqual(own);
    });

    it('should keep who revoked without a reason (a revocation through our own management API)', async () => {
      await store.save(agreement('urn:uuid:a1'));
      const revoked = await store.revoke('urn:uuid:a1', 20, { by: 'did:web:self.example' });
      expect(revoked).toMatchObject({ status: 'revoked', revokedAt: 20, revokedBy: 'did:web:self.example' });
      expect(revoked).not.toHaveProperty('revocationReason');
      expect(await store.getById('urn:uuid:a1')).toEqual(revoked);
    });
  });
}
