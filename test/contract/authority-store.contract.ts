import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import type { AuthorityStore, IssuancePlan, StatusSlot } from '../../connector/authority/authority-store.js';
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

/** An issuance of `count` credentials on lists `L-1`, `L-2`, … of `size` indices, never reusing. */
function plan(subject: string, count: number, size: number, clock: FixedClock): IssuancePlan {
  return {
    reuse: () => undefined,
    count,
    listPrefix: 'L-',
    listSize: size,
    build: async (slots: StatusSlot[]) =>
      slots.map((s, n) => ({
        id: `${subject}/${s.listId}/${s.index}`,
        subjectDid: subject,
        type: 'MembershipCredential',
        statusListId: s.listId,
        statusIndex: s.index,
        issuedAt: clock.now(),
        validUntil: clock.now() + 1_000,
        revoked: false,
        credential: { n },
      })),
  };
}

/** The contract of AuthorityStore, run once per backend. */
export function authorityStoreContract(backend: Backend): void {
  let store: AuthorityStore;
  let cleanup: () => Promise<void>;
  let clock: FixedClock;

  beforeEach(async () => {
    clock = new FixedClock(5_000);
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

    it('should hand out every index once across lists, also concurrently, opening the next list when one is full', async () => {
      const dids = ['a', 'b', 'c', 'd', 'e'].map((n) => `did:web:${n}`);
      for (const did of dids) await store.register(participant(did));
      const results = await Promise.all(dids.map((did) => store.issue(did, plan(did, 3, 4, clock))));
      expect(results.every((r) => !r.reused && r.credentials.length === 3)).toBe(true);
      const saved = (await Promise.all(dids.map((did) => store.listIssued(did)))).flat();
      const slots = saved.map((r) => `${r.statusListId}#${r.statusIndex}`);
      expect(new Set(slots).size).toBe(15);
      expect([...new Set(saved.map((r) => r.statusListId))].sort()).toEqual(['L-1', 'L-2', 'L-3', 'L-4']);
      expect(saved.every((r) => r.statusIndex >= 0 && r.statusIndex < 4)).toBe(true);
      expect(saved.filter((r) => r.statusListId === 'L-4').length).toBe(3);
      expect((await store.statusListState('L-4')).size).toBe(4);
      await expect(store.statusListState('L-5')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('should save nothing and spend no index when building the set fails', async () => {
      await store.register(participant('did:web:a'));
      const failing = { ...plan('did:web:a', 2, 4, clock), build: async () => Promise.reject(new Error('signer down')) };
      await expect(store.issue('did:web:a', failing)).rejects.toBeDefined();
      expect(await store.listIssued('did:web:a')).toEqual([]);
      const { credentials } = await store.issue('did:web:a', plan('did:web:a', 2, 4, clock));
      expect(credentials.map((r) => `${r.statusListId}#${r.statusIndex}`)).toEqual(['L-1#0', 'L-1#1']);
    });

    it('should offer reuse the latest set only, hand back what it picks, and refuse revoked and unknown subjects', async () => {
      await store.register(participant('did:web:a'));
      await store.issue('did:web:a', plan('did:web:a', 2, 100, clock));
      clock.advance(10);
      const second = await store.issue('did:web:a', plan('did:web:a', 2, 100, clock));
      let offered: string[] = [];
      const again = await store.issue('did:web:a', {
        ...plan('did:web:a', 2, 100, clock),
        reuse: (latest) => {
          offered = latest.map((r) => r.id);
          return latest;
        },
      });
      expect(offered.sort()).toEqual(second.credentials.map((r) => r.id).sort());
      expect(again.reused).toBe(true);
      expect(again.credentials.map((r) => r.id).sort()).toEqual(offered);
      expect((await store.listIssued('did:web:a')).length).toBe(4);
      await store.revokeParticipant('did:web:a');
      await expect(store.issue('did:web:a', plan('did:web:a', 1, 100, clock))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(store.issue('did:web:zzz', plan('did:web:zzz', 1, 100, clock))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('should revoke a participant and every credential issued to it on every list, bumping each list revision', async () => {
      await store.register(participant('did:web:a'));
      await store.register(participant('did:web:b'));
      await store.issue('did:web:a', plan('did:web:a', 3, 2, clock));
      await store.issue('did:web:b', plan('did:web:b', 1, 2, clock));
      const before = [await store.statusListState('L-1'), await store.statusListState('L-2')];
      expect(before[0]?.revokedIndices).toEqual([]);
      expect(await store.revokeParticipant('did:web:a')).toBe(3);
      const after = [await store.statusListState('L-1'), await store.statusListState('L-2')];
      expect(after[0]?.revokedIndices.sort()).toEqual([0, 1]);
      expect(after[1]?.revokedIndices).toEqual([0]);
      expect(after.map((s) => s.revision)).toEqual(before.map((s) => (s?.revision ?? 0) + 1));
      expect((await store.getParticipant('did:web:a')).status).toBe('revoked');
      expect((await store.listIssued('did:web:b'))[0]).toMatchObject({ statusListId: 'L-2', statusIndex: 1, revoked: false, credential: { n: 0 } });
      await expect(store.revokeParticipant('did:web:zzz')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
}
