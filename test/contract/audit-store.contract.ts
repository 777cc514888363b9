import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { AuditLog, verifyAuditLog } from '../../connector/audit/index.js';
import { SqlAuditStore } from '../../connector/store/sql/sql-audit-store.js';
import type { Database } from '../../connector/store/database.js';
import { freshDatabase, type Backend, type TestDatabase } from '../helpers/test-database.js';

/** The contract of the SQL audit log, run once per backend. */
export function auditStoreContract(backend: Backend): void {
  let database: Database;
  let location: TestDatabase;
  let log: AuditLog;
  let cleanup: () => Promise<void>;
  const clock = new FixedClock();
  beforeEach(async () => {
    const fresh = await freshDatabase(backend);
    ({ database, location, cleanup } = fresh);
    log = new AuditLog(new SqlAuditStore(database), clock);
  });
  afterEach(async () => cleanup());

  const dropTriggers = async () => {
    if (backend === 'sqlite') {
      await sql`DROP TRIGGER audit_log_no_update`.execute(database.db);
      await sql`DROP TRIGGER audit_log_no_delete`.execute(database.db);
    } else await sql`DROP TRIGGER audit_log_append_only ON audit_log`.execute(database.db);
  };

  describe('SqlAuditStore', () => {
    it('should append, read back exactly, and page by agreement', async () => {
      const appended = [];
      for (let i = 1; i <= 5; i++)
        appended.push(
          await log.append({ type: 'negotiation', actor: 'did:web:a', agreementId: i % 2 ? 'agr-odd' : 'agr-even', data: { i, nested: { z: 1, a: [1.5, 'x', null] } } }),
        );
      await log.append({ type: 'transfer', actor: 'did:web:a', data: { none: true } });
      expect(await log.store.get(3)).toEqual(appended[2]);
      expect(await log.store.head()).toMatchObject({ seq: 6 });
      expect((await log.store.head())?.agreementId).toBeUndefined();
      expect((await log.store.range(2, 2)).map((e) => e.seq)).toEqual([2, 3]);
      const page = await log.query({ agreementId: 'agr-odd', offset: 1, limit: 1 });
      expect(page).toEqual({ items: [appended[2]], total: 3 });
      expect(await log.verify()).toMatchObject({ ok: true, checked: 6 });
    });

    it('should neither fork the chain nor collide under concurrent appends from two pools', async () => {
      const second = backend === 'postgres' ? await location.open() : database; // PostgreSQL: a second pool, like a second process
      const stores = [log.store as SqlAuditStore, new SqlAuditStore(second)];
      const other = new AuditLog(stores[1] as SqlAuditStore, clock);
      try {
        await Promise.all(Array.from({ length: 80 }, (_, i) => (i % 2 ? other : log).append({ type: 'policy.decision', actor: `w${i}`, data: { i } })));
      } finally {
        if (second !== database) await second.close();
      }
      expect((await log.store.range(1, 100)).map((e) => e.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      expect(await log.verify()).toMatchObject({ ok: true, checked: 80 });
      expect(stores.map((s) => s.retries)).toEqual([0, 0]); // serialised: no unique violation was ever raised
    });

    it('should append a batch in order as consecutive links, interleaved with other writers without forking', async () => {
      await log.append({ type: 'negotiation', actor: 'did:web:a', data: { n: 0 } });
      const batch = [1, 2, 3].map((n) => ({ type: 'training.round' as const, actor: `did:web:s${n}`, agreementId: `agr-${n}`, subject: 'urn:uuid:t1', data: { n } }));
      const appended = await log.appendAll(batch);
      expect(appended.map((e) => [e.seq, e.actor])).toEqual([
        [2, 'did:web:s1'],
        [3, 'did:web:s2'],
        [4, 'did:web:s3'],
      ]);
      expect(appended.map((e) => e.prevHash)).toEqual([(await log.store.get(1))?.hash, appended[0]?.hash, appended[1]?.hash]);
      expect(await log.select({ subject: 'urn:uuid:t1' })).toEqual(appended);
      expect(await log.appendAll([])).toEqual([]);
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? log.appendAll(batch) : log.append({ type: 'transfer', actor: 'did:web:a', data: { i } }))));
      expect(await log.verify()).toMatchObject({ ok: true, checked: 4 + 10 * 3 + 10 });
      const entries = await log.store.range(5, 100);
      for (let i = 0; i < entries.length; i++)
        if (entries[i]?.actor === 'did:web:s1') expect(entries.slice(i, i + 3).map((e) => e.actor)).toEqual(['did:web:s1', 'did:web:s2', 'did:web:s3']);
    });

    it("should append within a caller's transaction, committed or rolled back with it", async () => {
      const input = { type: 'training.round' as const, actor: 'did:web:s', data: { n: 1 } };
      await database.db.transaction().execute(async (trx) => {
        const bound = new AuditLog(new SqlAuditStore({ ...database, db: trx }), clock);
        await bound.appendAll([input, input]);
      });
      await expect(
        database.db.transaction().execute(async (trx) => {
          await new AuditLog(new SqlAuditStore({ ...database, db: trx }), clock).appendAll([input]);
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await log.verify()).toMatchObject({ ok: true, checked: 2 });
    });

    it('should keep entry times monotonic with the sequence when a clock steps back', async () => {
      const behind = new FixedClock(clock.now() - 60_000); // another replica whose clock is a minute behind
      const lagging = new AuditLog(log.store, behind);
      const first = await log.append({ type: 'negotiation', actor: 'did:web:a', data: { n: 1 } });
      const second = await lagging.append({ type: 'negotiation', actor: 'did:web:a', data: { n: 2 } });
      behind.advance(120_000);
      const third = await lagging.append({ type: 'negotiation', actor: 'did:web:a', data: { n: 3 } });
      expect(second.at).toBe(first.at);
      expect(third.at).toBe(behind.isoNow());
      expect(Date.parse(third.at)).toBeGreaterThan(Date.parse(first.at));
      expect(await log.verify()).toMatchObject({ ok: true, checked: 3 });
    });

    it('should refuse UPDATE and DELETE, and report the seq of an edit or a deletion made around that', async () => {
      for (let i = 1; i <= 6; i++) await log.append({ type: 'deletion', actor: 'did:web:a', data: { i } });
      await expect(sql`UPDATE audit_log SET data = '{"i":42}' WHERE seq = 3`.execute(database.db)).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM audit_log WHERE seq = 5`.execute(database.db)).rejects.toThrow(/append-only/);
      await dropTriggers();
      await sql`UPDATE audit_log SET data = '{"i":42}' WHERE seq = 3`.execute(database.db);
      expect((await verifyAuditLog(log.store, { clock })).problem).toMatchObject({ seq: 3, kind: 'edited' });
      await sql`UPDATE audit_log SET data = '{"i":3}' WHERE seq = 3`.execute(database.db);
      await sql`DELETE FROM audit_log WHERE seq = 5`.execute(database.db);
      expect((await verifyAuditLog(log.store, { clock })).problem).toMatchObject({ seq: 5, kind: 'missing' });
    });

    it('should refuse rows outside the chain (seq not a whole number ≥ 1), leave those inserted around it out of every read, and fail verify naming them', async () => {
      for (let i = 1; i <= 3; i++) await log.append({ type: 'deletion', actor: 'did:web:a', agreementId: 'agr-1', data: { i } });
      let forged = 0;
      const insert = (seq: unknown) =>
        sql`INSERT INTO audit_log (seq, at, type, agreement_id, actor, data, prev_hash, hash)
            VALUES (${seq}, '2026-01-01T00:00:00.000Z', 'deletion', 'agr-1', 'operator', '{"forged":true}', ${`sha256:forged-${++forged}`}, 'sha256:x')`.execute(database.db);
      const refused = backend === 'sqlite' ? [0, -7, null, 'abc', 2.5] : [0, -7, null];
      for (const seq of refused) await expect(insert(seq), String(seq)).rejects.toThrow();
      expect(await log.verify()).toMatchObject({ ok: true, checked: 3 });
      // Someone who can drop the guard (or a store tampered with before migration 24) inserts them all the same.
      if (backend === 'sqlite') await sql`DROP TRIGGER audit_log_seq_in_chain`.execute(database.db);
      else await sql`ALTER TABLE audit_log DROP CONSTRAINT audit_log_seq_in_chain`.execute(database.db);
      const inserted = backend === 'sqlite' ? [0, -7, null, 'abc', 2.5] : [0, -7];
      for (const seq of inserted) await insert(seq);
      const verified = await verifyAuditLog(log.store, { clock });
      expect(verified).toMatchObject({ ok: false, entriesChecked: 3, headSeq: 3, problem: { seq: 0, kind: 'outside-chain' } });
      const named = backend === 'sqlite' ? ['0', '-7', 'NULL', "'abc'", '2.5'] : ['0', '-7'];
      for (const seq of named) expect(verified.problem?.detail).toContain(seq);
      expect(verified.problem?.detail).toMatch(new RegExp(`^${inserted.length} rows lie outside the chain`));
      const seqs = (entries: { seq: number }[]) => entries.map((e) => e.seq);
      expect(await log.query({})).toMatchObject({ total: 3 });
      expect(seqs((await log.query({ agreementId: 'agr-1' })).items)).toEqual([1, 2, 3]);
      expect(seqs(await log.select({ agreementId: 'agr-1' }))).toEqual([1, 2, 3]);
      expect(seqs(await log.store.range(1, 10))).toEqual([1, 2, 3]);
      expect((await log.store.head())?.seq).toBe(3);
      expect((await log.append({ type: 'deletion', actor: 'did:web:a', data: { i: 4 } })).seq).toBe(4); // a text seq is not the head
      expect(await log.verify()).toMatchObject({ ok: false, checked: 4, problem: { kind: 'outside-chain' } });
    });

    it('should read by subject (and agreement, types) through the index, in seq order, page by seq, the subject outside the hash', async () => {
      for (let i = 1; i <= 9; i++) {
        await log.append({
          type: i % 3 === 0 ? 'model.provenance' : 'model.use',
          actor: 'did:web:c',
          agreementId: i % 2 ? 'agr-1' : 'agr-2',
          subject: i <= 6 ? 'urn:uuid:t1' : 'urn:uuid:t2',
          data: { i },
        });
      }
      await log.append({ type: 'model.use', actor: 'did:web:c', agreementId: 'agr-1', data: { i: 10 } }); // no subject
      const seqs = (entries: { seq: number }[]) => entries.map((e) => e.seq);
      expect(seqs(await log.select({ subject: 'urn:uuid:t1' }))).toEqual([1, 2, 3, 4, 5, 6]);
      expect(seqs(await log.select({ subject: 'urn:uuid:t1', types: ['model.provenance'] }))).toEqual([3, 6]);
      expect(seqs(await log.select({ subject: 'urn:uuid:t1', agreementId: 'agr-1' }))).toEqual([1, 3, 5]);
      expect(seqs(await log.select({ agreementId: 'agr-1', types: ['model.use'] }))).toEqual([1, 5, 7, 10]);
      expect(seqs(await log.select({ subject: 'urn:uuid:t2', types: [] }))).toEqual([]);
      expect(seqs(await log.store.select({ subject: 'urn:uuid:t1' }, { afterSeq: 2, limit: 2 }))).toEqual([3, 4]);
      expect(await log.select({ subject: 'urn:uuid:none' })).toEqual([]);
      const [first] = await log.select({ subject: 'urn:uuid:t1' });
      expect(first).toEqual(await log.store.get(1)); // the same entry, without a subject member
      expect(Object.keys(first ?? {})).not.toContain('subject');
      expect(await log.verify()).toMatchObject({ ok: true, checked: 10 });
      await expect(sql`UPDATE audit_log SET subject = 'urn:uuid:t2' WHERE seq = 1`.execute(database.db)).rejects.toThrow(/append-only/);
      if (backend === 'postgres') {
        const plan = await database.db.transaction().execute(async (trx) => {
          // a tiny table: rule out the sequential scan, leave the index choice
          await sql`SET LOCAL enable_seqscan = off`.execute(trx);
          return sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT * FROM audit_log WHERE subject = 'urn:uuid:t1' AND seq > 0 ORDER BY seq LIMIT 500`.execute(trx);
        });
        expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/audit_log_subject/);
      } else {
        const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT * FROM audit_log WHERE subject = 'urn:uuid:t1' AND seq > 0 ORDER BY seq LIMIT 500`.execute(
          database.db,
        );
        expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/audit_log_subject/);
      }
    });
  });
}
