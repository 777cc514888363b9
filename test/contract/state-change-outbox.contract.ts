import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FixedClock, sequentialIds, silentLogger } from '../../core/index.js';
import { AuditLog } from '../../connector/audit/index.js';
import { SqlAuditStore } from '../../connector/store/sql/sql-audit-store.js';
import { createOutboundPolicy } from '../../connector/http/outbound/index.js';
import type { ContractNegotiation } from '../../connector/negotiation/contract-negotiation.js';
import { StateChangeRelay } from '../../connector/store/sql/outbox/state-change-relay.js';
import { OUTBOX_TABLE } from '../../connector/store/sql/outbox/state-change.js';
import { stateChangeRecords } from '../../connector/state-change-records.js';
import { storesOn, type Stores } from '../../connector/store/sql/create-stores.js';
import type { Database } from '../../connector/store/database.js';
import { WebhookDispatcher } from '../../connector/webhooks/webhook-dispatcher.js';
import { freshDatabase, type Backend, type TestDatabase } from '../helpers/test-database.js';

const negotiation = (id: string): ContractNegotiation =>
  ({
    id,
    state: 'REQUESTED',
    stateCount: 1,
    stateTimestamp: 0,
    nextAttemptAt: 0,
    pending: false,
    version: 0,
    createdAt: 0,
    updatedAt: 0,
    role: 'provider',
    counterPartyId: 'did:web:consumer',
    correlationId: `urn:uuid:${id}`,
  }) as unknown as ContractNegotiation;

/** One connector's view of a database: its stores, audit log, webhook dispatcher and outbox relay (no loops run). */
function instanceOn(database: Database, clock: FixedClock, name: string, options: { windowMs?: number; auditStore?: SqlAuditStore } = {}) {
  const { windowMs, auditStore = new SqlAuditStore(database) } = options;
  const stores: Stores = storesOn(database, clock);
  const audit = new AuditLog(auditStore, clock);
  const webhooks = new WebhookDispatcher({
    webhooks: stores.webhooks,
    deliveries: stores.webhookDeliveries,
    clock,
    ids: sequentialIds(`${name}-d`),
    logger: silentLogger,
    owner: name,
    outbound: createOutboundPolicy({ allowLoopback: true }),
  });
  const relay = new StateChangeRelay({
    database,
    auditStore,
    audit,
    webhooks,
    clock,
    logger: silentLogger,
    recordsOf: stateChangeRecords,
    idleWaitMs: 60_000,
    ...(windowMs === undefined ? {} : { windowMs }),
  });
  return { stores, audit, relay, webhooks };
}

/** An audit store whose next append fails (a fault between a committed change and its entry). */
class FailingAuditStore extends SqlAuditStore {
  failNext = true;
  override appendAllWithin(...args: Parameters<SqlAuditStore['appendAllWithin']>): ReturnType<SqlAuditStore['appendAllWithin']> {
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('injected: the audit append failed'));
    }
    return super.appendAllWithin(...args);
  }
}

const suspensionEntry = (participantId: string) => ({
  audit: { type: 'usage.suspension' as const, actor: 'operator', data: { participantId, event: 'suspended', reason: 'test' } },
});

/** The state-change outbox (migration 0014) and its relay, run once per backend. */
export function stateChangeOutboxContract(backend: Backend): void {
  let database: Database;
  let location: TestDatabase;
  let cleanup: () => Promise<void>;
  const others: Database[] = [];
  const clock = new FixedClock(1_000_000);
  const outboxRows = async (db: Database) =>
    Number(
      (
        await db.db
          .selectFrom(OUTBOX_TABLE)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
  const open = async () => {
    const db = await location.open();
    others.push(db);
    return db;
  };

  beforeEach(async () => {
    ({ database, location, cleanup } = await freshDatabase(backend));
  });
  afterEach(async () => {
    await Promise.all(others.splice(0).map((db) => db.close()));
    await cleanup();
  });

  describe('state-change outbox', () => {
    it('should write one outbox row per state change in the saving transaction, and none for a refused save', async () => {
      const { stores } = instanceOn(database, clock, 'a');
      const saved = await stores.negotiations.save(negotiation('n1'));
      expect(await outboxRows(database)).toBe(1);
      const same = await stores.negotiations.save({ ...saved, pending: true });
      expect(await outboxRows(database)).toBe(1);
      await stores.negotiations.save({ ...same, state: 'AGREED' });
      expect(await outboxRows(database)).toBe(2);
      await expect(stores.negotiations.save({ ...saved, state: 'TERMINATED' })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
      expect(await outboxRows(database)).toBe(2);
      expect((await stores.negotiations.getById('n1')).state).toBe('AGREED');
    });

    it('should relay changes into audit entries of the usual shape and webhook deliveries, once', async () => {
      const { stores, audit, relay } = instanceOn(database, clock, 'a');
      await stores.webhooks.create({ id: 'w1', url: 'http://127.0.0.1:9/hook', events: ['negotiation.stateChanged'], secret: 's'.repeat(32), createdAt: 0 });
      const saved = await stores.negotiations.save(negotiation('n1'));
      await stores.negotiations.save({ ...saved, state: 'AGREED', agreementId: 'agr-1' } as ContractNegotiation);
      expect(await relay.tick()).toBe(2);
      expect(await relay.tick()).toBe(0);
      const entries = (await audit.query({})).items;
      expect(entries.map((e) => ({ type: e.type, actor: e.actor, agreementId: e.agreementId, data: e.data }))).toEqual([
        { type: 'negotiation', actor: 'did:web:consumer', agreementId: undefined, data: { id: 'n1', role: 'provider', from: null, to: 'REQUESTED' } },
        { type: 'negotiation', actor: 'did:web:consumer', agreementId: 'agr-1', data: { id: 'n1', role: 'provider', from: 'REQUESTED', to: 'AGREED' } },
      ]);
      const deliveries = (await stores.webhookDeliveries.list({ offset: 0, limit: 10 })).items;
      expect(deliveries.map((d) => ({ event: d.event, to: d.payload.to, webhookId: d.webhookId }))).toEqual([
        { event: 'negotiation.stateChanged', to: 'REQUESTED', webhookId: 'w1' },
        { event: 'negotiation.stateChanged', to: 'AGREED', webhookId: 'w1' },
      ]);
      expect(await outboxRows(database)).toBe(0);
      expect(await audit.verify()).toMatchObject({ ok: true, checked: 2 });
    });

    it('should lose nothing to a crash between the change and its entry: a new instance relays it once', async () => {
      const crashed = instanceOn(await open(), clock, 'crashed');
      for (let i = 1; i <= 3; i++) await crashed.stores.transfers.save({ ...negotiation(`t${i}`), agreementId: 'agr-1', transferType: 'HttpData-PULL' } as never);
      await crashed.stores.close(); // killed before its relay ran: the changes are committed, their entries not written
      const restarted = instanceOn(database, clock, 'restarted');
      restarted.relay.start();
      await restarted.relay.stop(); // start relays what is left; stop waits for that pass
      const another = instanceOn(await open(), clock, 'another');
      expect(await another.relay.tick()).toBe(0);
      const entries = (await restarted.audit.query({})).items;
      expect(entries.map((e) => [e.type, e.agreementId, (e.data as { id: string; type: string }).id, (e.data as { type: string }).type])).toEqual([
        ['transfer', 'agr-1', 't1', 'HttpData-PULL'],
        ['transfer', 'agr-1', 't2', 'HttpData-PULL'],
        ['transfer', 'agr-1', 't3', 'HttpData-PULL'],
      ]);
      expect(await outboxRows(database)).toBe(0);
    });

    it('should record the stored state as `from` when another replica changed the entity since this one saw it', async () => {
      const a = instanceOn(database, clock, 'a');
      const b = instanceOn(await open(), clock, 'b');
      const seenByA = await a.stores.negotiations.save(negotiation('n1'));
      const byB = await b.stores.negotiations.save({ ...(await b.stores.negotiations.getById('n1')), state: 'AGREED' });
      await expect(a.stores.negotiations.save({ ...seenByA, state: 'TERMINATED' })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
      await a.stores.negotiations.save({ ...(await a.stores.negotiations.getById('n1')), state: 'VERIFIED' });
      await b.stores.negotiations.save({ ...byB, pending: true }).catch(() => undefined); // stale in b: refused, no change recorded
      expect(await a.relay.tick()).toBe(3);
      expect((await a.audit.query({})).items.map((e) => [(e.data as { from: string | null }).from, (e.data as { to: string }).to])).toEqual([
        [null, 'REQUESTED'],
        ['REQUESTED', 'AGREED'],
        ['AGREED', 'VERIFIED'],
      ]);
    });

    it('should gather the changes woken within its window into one pass, and relay what it gathered when stopped', async () => {
      const { stores, audit, relay, webhooks } = instanceOn(database, clock, 'a', { windowMs: 60_000 });
      const passes = vi.spyOn(webhooks, 'planner');
      for (let i = 1; i <= 3; i++) {
        await stores.negotiations.save(negotiation(`n${i}`));
        relay.wake();
      }
      await Promise.resolve();
      expect(await outboxRows(database)).toBe(3); // still gathering: nothing relayed yet
      await relay.stop();
      expect(passes).toHaveBeenCalledTimes(1);
      expect((await audit.query({})).items.map((e) => (e.data as { id: string }).id)).toEqual(['n1', 'n2', 'n3']);
      expect(await audit.verify()).toMatchObject({ ok: true, checked: 3 });
      expect(await outboxRows(database)).toBe(0);
    });

    it('should link a batch to the entry appended outside the relay before it', async () => {
      const { stores, audit, relay } = instanceOn(database, clock, 'a');
      await audit.append({ type: 'policy.decision', actor: 'did:web:consumer', data: { decision: 'permit' } });
      for (let i = 1; i <= 2; i++) await stores.negotiations.save(negotiation(`n${i}`));
      expect(await relay.tick()).toBe(2);
      await audit.append({ type: 'policy.decision', actor: 'did:web:consumer', data: { decision: 'deny' } });
      expect((await audit.query({})).items.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(await audit.verify()).toMatchObject({ ok: true, checked: 4 });
    });

    it('should commit a change with its records: a crash before the relay loses neither, a failure inside the change keeps neither', async () => {
      const crashedDb = await open();
      const crashed = instanceOn(crashedDb, clock, 'crashed');
      const recorder = crashed.stores.changeRecorder(() => undefined);
      await recorder.commit(async ({ suspensions }) => {
        await suspensions.suspend({ participantId: 'did:web:x', reason: 'test', source: 'operator' });
        return { value: undefined, records: [suspensionEntry('did:web:x')] };
      });
      const failed = recorder.commit(async ({ suspensions }) => {
        await suspensions.suspend({ participantId: 'did:web:y', reason: 'test', source: 'operator' });
        throw new Error('injected: the process failed after the change, before its records');
      });
      await expect(failed).rejects.toThrow(/injected/);
      const decision = { audit: { type: 'policy.decision' as const, actor: 'did:web:consumer', data: { scope: 'negotiation', negotiationId: 'n1', decision: 'permit' } } };
      const saved = await crashed.stores.negotiations.save({ ...negotiation('n1'), outboxRecords: [decision] });
      expect(saved).not.toHaveProperty('outboxRecords');
      await crashed.stores.close(); // killed before any relay ran
      const restarted = instanceOn(database, clock, 'restarted');
      expect(await restarted.relay.tick()).toBe(3);
      expect(await restarted.relay.tick()).toBe(0);
      expect((await restarted.audit.query({})).items.map((e) => e.type)).toEqual(['usage.suspension', 'negotiation', 'policy.decision']);
      expect(await restarted.stores.suspensions.find('did:web:x')).toBeDefined();
      expect(await restarted.stores.suspensions.find('did:web:y')).toBeUndefined();
      expect(await restarted.stores.negotiations.getById('n1')).not.toHaveProperty('outboxRecords');
      expect(await restarted.audit.verify()).toMatchObject({ ok: true, checked: 3 });
    });

    it('should lose nothing to a failed audit append after the change committed: the next relay appends it, once', async () => {
      const failing = new FailingAuditStore(database);
      const a = instanceOn(database, clock, 'a', { auditStore: failing });
      const recorder = a.stores.changeRecorder(() => undefined);
      await recorder.record(suspensionEntry('did:web:x'));
      await a.stores.negotiations.save(negotiation('n1'));
      await expect(a.relay.tick()).rejects.toThrow(/injected/);
      expect(await outboxRows(database)).toBe(2);
      expect((await a.audit.query({})).items).toEqual([]);
      expect(await a.relay.tick()).toBe(2);
      expect((await a.audit.query({})).items.map((e) => e.type)).toEqual(['usage.suspension', 'negotiation']);
      expect(await outboxRows(database)).toBe(0);
    });

    it('should leave an unreadable row in the outbox, reported, and relay the others', async () => {
      const { stores, audit, relay } = instanceOn(database, clock, 'a');
      await database.db.insertInto(OUTBOX_TABLE).values({ kind: 'negotiation', entity_id: 'x', body: '{not json', created_at: 0 }).execute();
      await database.db
        .insertInto(OUTBOX_TABLE)
        .values({ kind: 'mystery', entity_id: 'y', body: JSON.stringify({ kind: 'mystery', id: 'y' }), created_at: 0 })
        .execute();
      await stores.negotiations.save(negotiation('n1'));
      expect(await relay.tick()).toBe(1);
      expect((await audit.query({})).items.map((e) => (e.data as { id: string }).id)).toEqual(['n1']);
      expect(await outboxRows(database)).toBe(2);
    });

    it('should relay each change exactly once when two replicas relay at the same time, in outbox order', async () => {
      const a = instanceOn(database, clock, 'a');
      const b = instanceOn(await open(), clock, 'b');
      for (let i = 1; i <= 30; i++) await (i % 2 ? a : b).stores.negotiations.save(negotiation(`n${String(i).padStart(2, '0')}`));
      const relayed = await Promise.all([a.relay.tick(), b.relay.tick(), a.relay.tick(), b.relay.tick()]);
      expect(relayed.reduce((x, y) => x + y, 0)).toBe(30);
      const ids = (await a.audit.query({ limit: 100 })).items.map((e) => (e.data as { id: string }).id);
      expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => `n${String(i + 1).padStart(2, '0')}`));
      expect(await a.audit.verify()).toMatchObject({ ok: true, checked: 30 });
    });
  });
}
