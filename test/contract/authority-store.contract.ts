import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import type { AuthorityStore } from '../../connector/authority/authority-store.js';
import { storesOn } from '../../connector/store/sql/create-stores.js';
import { freshDatabase, type Backend } from '../helpers/test-database.js';

const participant = (did: string) => ({
  did,
  legalName: `Org ${did}`,
  businessPartnerNumber: 'BPNL000000000001',
  businessPartnerGroups: ['tier1'],
  roles: ['provider'],
  frameworkAgreements: ['DataExchangeGovernance:1.0'],
});

/** The contract of AuthorityStore, run once per backend. */
export function authorityStoreContract(backend: Backend): void {
  let store: AuthorityStore;
  let cleanup: () => Promise<void>;
  const clock = new FixedClock(5_000);

  beforeEach(async () => {
    const fresh = await freshDatabase(backend);
    store = storesOn(fresh.database, clock).authority;
    cleanup = fresh.cleanup;
  });
  afterEach(async () => cleanup());

  describe('AuthorityStore', () => {
    it('should register once, find, get and list participants', async () => {
      const p = await store.register(participant('did:web:a'));
      expect(p).toMatchObject({ status: 'active', registeredAt: 5_000, roles: ['provider'] });
      expect(await store.getParticipant('did:web:a')).toEqual(p);
      await expect(store.register(participant('did:web:a'))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      await expect(store.getParticipant('did:web:x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await store.register(participant('did:web:b'));
      expect((await store.listParticipants({ offset: 0, limit: 10 })).total).toBe(2);
    });

    it('should hand out every status index once, also concurrently, and refuse past the size', async () => {
      await store.ensureStatusList('L', 40);
      await store.ensureStatusList('L', 40);
      const indices = await Promise.all(Array.from({ length: 40 }, () => store.allocateStatusIndex('L')));
      expect(new Set(indices).size).toBe(40);
      expect(Math.max(...indices)).toBe(39);
      await expect(store.allocateStatusIndex('L')).rejects.toMatchObject({ code: 'INTERNAL' });
    });

    it('should revoke a participant and every credential issued to it, bumping the list revision', async () => {
      await store.register(participant('did:web:a'));
      await store.register(participant('did:web:b'));
      await store.ensureStatusList('L', 100);
      for (const [id, subject] of [
        ['c1', 'did:web:a'],
        ['c2', 'did:web:a'],
        ['c3', 'did:web:b'],
      ] as const) {
        const statusIndex = await store.allocateStatusIndex('L');
        await store.saveIssued({
          id,
          subjectDid: subject,
          type: 'MembershipCredential',
          statusListId: 'L',
          statusIndex,
          issuedAt: 1,
          validUntil: 2,
          revoked: false,
          credential: { id },
        });
      }
      const before = await store.statusListState('L');
      expect(before.revokedIndices).toEqual([]);
      expect(await store.revokeParticipant('did:web:a')).toBe(2);
      const after = await store.statusListState('L');
      expect(after.revokedIndices.sort()).toEqual([0, 1]);
      expect(after.revision).toBe(before.revision + 1);
      expect((await store.getParticipant('did:web:a')).status).toBe('revoked');
      expect((await store.listIssued('did:web:b'))[0]).toMatchObject({ id: 'c3', revoked: false, credential: { id: 'c3' } });
      await expect(store.revokeParticipant('did:web:zzz')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
}
