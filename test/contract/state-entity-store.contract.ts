import { afterEach, assert, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { SqlStateEntityStore } from '../../connector/store/sql/sql-state-entity-store.js';
import type { StateEntityStore } from '../../connector/statemachine/state-entity-store.js';
import type { StatefulEntity } from '../../connector/statemachine/stateful-entity.js';
import type { Database } from '../../connector/store/database.js';
import { freshDatabase, type Backend, type TestDatabase } from '../helpers/test-database.js';

interface Thing extends StatefulEntity {
  payload: { n: number };
}

const thing = (id: string, state = 'REQUESTING', extra: Partial<Thing> = {}): Thing => ({
  id,
  state,
  stateCount: 1,
  stateTimestamp: 0,
  nextAttemptAt: 0,
  pending: false,
  version: 0,
  createdAt: 0,
  updatedAt: 0,
  correlationId: `urn:uuid:${id}`,
  counterPartyId: 'did:web:peer',
  payload: { n: 1 },
  ...extra,
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: { code: string }) => e.code,
  );
}

/** The contract every StateEntityStore implementation must meet, run once per backend. */
export function stateEntityStoreContract(backend: Backend): void {
  let store: StateEntityStore<Thing>;
  let database: Database;
  let location: TestDatabase;
  let cleanup: () => Promise<void>;
  const clock = new FixedClock(1_000_000);

  beforeEach(async () => {
    const fresh = await freshDatabase(backend);
    database = fresh.database;
    location = fresh.location;
    store = new SqlStateEntityStore<Thing>(database, 'contract_negotiations', 'negotiation', clock);
    cleanup = fresh.cleanup;
  });
  afterEach(async () => cleanup());

  describe('StateEntityStore', () => {
    it('should insert at version 0, then update only from the stored version', async () => {
      const saved = await store.save(thing('n1'));
      expect(saved.version).toBe(1);
      expect(await store.getById('n1')).toMatchObject({ id: 'n1', state: 'REQUESTING', payload: { n: 1 }, correlationId: 'urn:uuid:n1', version: 1 });
      expect((await store.findByCorrelationId('urn:uuid:n1', 'did:web:peer'))?.id).toBe('n1');
      // A process id is the counterparty's own: another party's identical id finds nothing.
      expect(await store.findByCorrelationId('urn:uuid:n1', 'did:web:other')).toBeUndefined();
      await store.save({ ...thing('n2'), correlationId: 'urn:uuid:n1', counterPartyId: 'did:web:other' });
      expect((await store.findByCorrelationId('urn:uuid:n1', 'did:web:other'))?.id).toBe('n2');
      expect((await store.findByCorrelationId('urn:uuid:n1', 'did:web:peer'))?.id).toBe('n1');
      const v2 = await store.save({ ...saved, state: 'REQUESTED', payload: { n: 2 } });
      expect(v2.version).toBe(2);
      expect(await codeOf(store.save({ ...saved, state: 'TERMINATED' }))).toBe('VERSION_CONFLICT');
      expect((await store.getById('n1')).state).toBe('REQUESTED');
      expect(await codeOf(store.save(thing('n1')))).toBe('ALREADY_EXISTS');
      expect(await codeOf(store.getById('ghost'))).toBe('NOT_FOUND');
    });

    it('should keep the correlation and counterparty ids right whether a save changes them or not, also after another replica changed them', async () => {
      const withOutbox = new SqlStateEntityStore<Thing>(database, 'contract_negotiations', 'negotiation', clock, 'negotiation');
      const otherDatabase = await location.open();
      onTestFinished(() => otherDatabase.close());
      const other = new SqlStateEntityStore<Thing>(otherDatabase, 'contract_negotiations', 'negotiation', clock, 'negotiation');
      const { correlationId: _none, ...uncorrelated } = thing('n1');
      const v1 = await withOutbox.save(uncorrelated);
      const v2 = await withOutbox.save({ ...v1, state: 'REQUESTED', correlationId: 'urn:uuid:late' });
      const v3 = await withOutbox.save({ ...v2, state: 'AGREED', payload: { n: 3 } });
      expect((await withOutbox.findByCorrelationId('urn:uuid:late', 'did:web:peer'))?.version).toBe(3);
      const theirs = await other.save({ ...(await other.getById('n1')), correlationId: 'urn:uuid:moved', counterPartyId: 'did:web:other' });
      expect(await codeOf(withOutbox.save({ ...v3, state: 'VERIFIED' }))).toBe('VERSION_CONFLICT');
      const ours = await withOutbox.getById('n1');
      expect(ours).toMatchObject({ version: theirs.version, correlationId: 'urn:uuid:moved', counterPartyId: 'did:web:other' });
      await withOutbox.save({ ...ours, state: 'VERIFIED' });
      expect(await withOutbox.findByCorrelationId('urn:uuid:late', 'did:web:peer')).toBeUndefined();
      expect((await withOutbox.findByCorrelationId('urn:uuid:moved', 'did:web:other'))?.id).toBe('n1');
      expect(await other.getById('n1')).toMatchObject({ state: 'VERIFIED', correlationId: 'urn:uuid:moved', counterPartyId: 'did:web:other', createdAt: v1.createdAt });
    });

    it('should claim only due, non-pending, unleased entities in the asked states, oldest first', async () => {
      await store.save(thing('old', 'REQUESTING', { stateTimestamp: 1 }));
      await store.save(thing('new', 'REQUESTING', { stateTimestamp: 5 }));
      await store.save(thing('later', 'REQUESTING', { nextAttemptAt: clock.now() + 1000 }));
      await store.save(thing('waiting', 'REQUESTING', { pending: true }));
      await store.save(thing('other', 'AGREEING'));
      const claimed = await store.claimDue({ states: ['REQUESTING'], limit: 10, owner: 'w1', leaseMs: 5000 });
      expect(claimed.map((e) => e.id)).toEqual(['old', 'new']);
      expect(await store.claimDue({ states: ['REQUESTING'], limit: 10, owner: 'w2', leaseMs: 5000 })).toEqual([]);
      clock.advance(1001);
      expect((await store.claimDue({ states: ['REQUESTING'], limit: 10, owner: 'w2', leaseMs: 5000 })).map((e) => e.id)).toEqual(['later']);
    });

    it('should claim the earliest due first (a retry when its back-off ended), skipping the counterparties asked', async () => {
      const now = clock.now();
      // A retry keeps its old state change but is due only now; a newer process became due before it.
      await store.save(thing('retry', 'REQUESTING', { stateTimestamp: now - 60_000, nextAttemptAt: now - 100 }));
      await store.save(thing('fresh', 'REQUESTING', { stateTimestamp: now - 500, nextAttemptAt: now - 500 }));
      await store.save(thing('tie', 'REQUESTING', { stateTimestamp: now - 400, nextAttemptAt: now - 100 }));
      await store.save(thing('other', 'REQUESTING', { counterPartyId: 'did:web:other', stateTimestamp: now, nextAttemptAt: now }));
      const { counterPartyId: _none, ...unpeered } = thing('none', 'REQUESTING', { stateTimestamp: now, nextAttemptAt: now });
      await store.save(unpeered);
      const first = await store.claimDue({ states: ['REQUESTING'], limit: 1, owner: 'w1', leaseMs: 5000 });
      expect(first.map((e) => e.id)).toEqual(['fresh']);
      const skipping = await store.claimDue({ states: ['REQUESTING'], limit: 10, owner: 'w1', leaseMs: 5000, skipCounterParties: ['did:web:peer'] });
      expect(skipping.map((e) => e.id).sort()).toEqual(['none', 'other']);
      const rest = await store.claimDue({ states: ['REQUESTING'], limit: 10, owner: 'w1', leaseMs: 5000, skipCounterParties: [] });
      expect(rest.map((e) => e.id)).toEqual(['retry', 'tie']);
    });

    it('should let an expired lease be claimed again, and a released one at once', async () => {
      await store.save(thing('n1'));
      await store.claimById('n1', 'w1', 1000);
      expect(await codeOf(store.claimById('n1', 'w2', 1000))).toBe('LEASE_HELD');
      clock.advance(1001);
      expect((await store.claimById('n1', 'w2', 1000)).id).toBe('n1');
      await store.release('n1', 'w1');
      expect(await codeOf(store.claimById('n1', 'w3', 1000))).toBe('LEASE_HELD');
      await store.release('n1', 'w2');
      expect((await store.claimById('n1', 'w3', 1000)).id).toBe('n1');
      expect(await codeOf(store.claimById('ghost', 'w3', 1000))).toBe('NOT_FOUND');
    });

    it('should release the lease on save by its holder', async () => {
      await store.save(thing('n1'));
      const [claimed] = await store.claimDue({ states: ['REQUESTING'], limit: 1, owner: 'w1', leaseMs: 60_000 });
      assert(claimed, 'n1 is due');
      await store.save({ ...claimed, state: 'REQUESTED' }, 'w1');
      expect((await store.claimById('n1', 'w2', 1000)).state).toBe('REQUESTED');
    });

    it('should lease a saved entity to the loop that handles it next, unless another holds a live lease', async () => {
      const inserted = await store.saveAndLease(thing('n1'), { owner: 'w1', leaseMs: 1000 });
      expect(inserted.leased).toBe(true);
      expect(await store.claimDue({ states: ['REQUESTING'], limit: 10, owner: 'w2', leaseMs: 1000 })).toEqual([]);
      expect(await codeOf(store.claimById('n1', 'w2', 1000))).toBe('LEASE_HELD');
      // An inbound change while w1 holds the lease is saved, but leaves the lease with w1.
      const changed = await store.saveAndLease({ ...inserted.saved, state: 'REQUESTED' }, { owner: 'w2', leaseMs: 1000 });
      expect(changed).toMatchObject({ leased: false, saved: { state: 'REQUESTED', version: 2 } });
      expect(await codeOf(store.claimById('n1', 'w2', 1000))).toBe('LEASE_HELD');
      // Its holder keeps it over its own save (the loop's next step follows at once) ...
      const kept = await store.saveAndLease({ ...changed.saved, state: 'AGREEING' }, { owner: 'w1', leaseMs: 1000 }, 'w1');
      expect(kept).toMatchObject({ leased: true, saved: { state: 'AGREEING', version: 3 } });
      expect(await codeOf(store.claimById('n1', 'w2', 1000))).toBe('LEASE_HELD');
      // ... and once the lease has run out, anyone's save may take it.
      clock.advance(1001);
      expect((await store.saveAndLease({ ...kept.saved, state: 'AGREED' }, { owner: 'w2', leaseMs: 1000 })).leased).toBe(true);
      expect(await codeOf(store.claimById('n1', 'w3', 1000))).toBe('LEASE_HELD');
      expect((await store.claimById('n1', 'w2', 1000)).state).toBe('AGREED');
    });

    it('should refuse a lease-taking save of a stale version like any save, leaving the lease as it was', async () => {
      const saved = await store.save(thing('n1'));
      await store.save({ ...saved, state: 'REQUESTED' });
      expect(await codeOf(store.saveAndLease({ ...saved, state: 'TERMINATED' }, { owner: 'w1', leaseMs: 1000 }))).toBe('VERSION_CONFLICT');
      expect((await store.getById('n1')).state).toBe('REQUESTED');
      expect((await store.claimById('n1', 'w2', 1000)).id).toBe('n1');
    });

    it('should list by state with totals', async () => {
      for (let i = 0; i < 4; i++) await store.save(thing(`n${i}`, i % 2 ? 'FINALIZED' : 'REQUESTING'));
      const page = await store.list({ states: ['FINALIZED'], offset: 0, limit: 1 });
      expect(page.total).toBe(2);
      expect(page.items).toHaveLength(1);
    });

    it('should never lease one entity to two store instances claiming concurrently', async () => {
      const count = 120;
      for (let i = 0; i < count; i++) await store.save(thing(`c${String(i).padStart(3, '0')}`, 'REQUESTING', { stateTimestamp: i }));
      const other = await location.open();
      try {
        const otherStore = new SqlStateEntityStore<StatefulEntity>(other, 'contract_negotiations', 'negotiation', clock);
        const drain = async (s: StateEntityStore<StatefulEntity>, owner: string): Promise<string[]> => {
          const mine: string[] = [];
          for (;;) {
            const batch = await s.claimDue({ states: ['REQUESTING'], limit: 7, owner, leaseMs: 600_000 });
            if (batch.length === 0) return mine;
            mine.push(...batch.map((e) => e.id));
          }
        };
        const results = await Promise.all([drain(store, 'A'), drain(otherStore, 'B'), drain(store, 'C'), drain(otherStore, 'D')]);
        const all = results.flat();
        expect(new Set(all).size).toBe(all.length);
        expect(all).toHaveLength(count);
      } finally {
        await other.close();
      }
    });
  });
}
