import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import type { Database } from '../../connector/store/database.js';
import { SiteSessionSqlStore } from '../../connector/store/sql/site-session-sql-store.js';
import { migrate } from '../../connector/store/migrate.js';
import { MIGRATIONS } from '../../connector/store/migrations/index.js';
import { freshDatabase, testStoreConfig, type Backend, type TestDatabase } from '../helpers/test-database.js';
import { AuditLog } from '../../connector/audit/index.js';
import { storesOn } from '../../connector/store/sql/create-stores.js';
import { OUTBOX_TABLE } from '../../connector/store/sql/outbox/state-change.js';
import { commitRoundWith } from '../../connector/training-records.js';
import { roundDecisionEntry } from '../../connector/training/site/round-decision-entry.js';

/** The contract of the site's training sessions: the atomic, persistent round counter (attack table row 3). */
export function siteSessionStoreContract(backend: Backend): void {
  let database: Database;
  let location: TestDatabase;
  let cleanup: () => Promise<void>;
  const clock = new FixedClock(10_000);
  const open = (store: SiteSessionSqlStore, transferId: string, agreementId = 'agr') => store.open({ transferId, agreementId, coordinatorDid: 'did:web:c', assetId: 'penguins' });
  beforeEach(async () => {
    ({ database, location, cleanup } = await freshDatabase(backend));
  });
  afterEach(async () => cleanup());

  describe('SiteSessionSqlStore', () => {
    it('should serve each round once: concurrent advances for the same round, one wins; a used token never again', async () => {
      const store = new SiteSessionSqlStore(database, clock);
      expect(await open(store, 'tp-1')).toMatchObject({ roundsDone: 0, evaluationsDone: 0, lastRound: 0, lastEvaluation: 0, status: 'active', usedTokens: [] });
      expect(await open(store, 'tp-1')).toMatchObject({ roundsDone: 0 }); // idempotent
      const jtis = ['j1', 'j2', 'j3', 'j4', 'j5', 'j6'];
      const raced = await Promise.all(jtis.map((jti) => store.advance('tp-1', 1, jti, 'fit')));
      expect(raced.filter(Boolean)).toHaveLength(1);
      const winner = jtis[raced.indexOf(true)] as string;
      expect(await store.find('tp-1')).toMatchObject({ roundsDone: 1, lastRound: 1, usedTokens: [winner] });
      expect(await store.advance('tp-1', 2, winner, 'fit')).toBe(false); // its token is spent
      expect(await store.advance('tp-1', 1, 'j9', 'fit')).toBe(false); // round 1 is served
      expect(await store.advance('tp-1', 0, 'j9', 'fit')).toBe(false); // older than the last served round
      expect(await store.advance('tp-1', 2, 'j9', 'fit')).toBe(true);
      expect(await store.advance('tp-1', 1, 'e1', 'evaluate')).toBe(true); // evaluations count apart
      expect(await store.find('tp-1')).toMatchObject({
        roundsDone: 2,
        lastRound: 2,
        evaluationsDone: 1,
        lastEvaluation: 1,
        usedTokens: expect.arrayContaining([winner, 'j9', 'e1']),
      });
      await expect(store.advance('nope', 1, 'x', 'fit')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('should let one of concurrent requests for a round win while fits and evaluations of other rounds run beside them, losing no token', async () => {
      const store = new SiteSessionSqlStore(database, clock);
      await open(store, 'tp-1');
      const calls: [string, number, 'fit' | 'evaluate'][] = [
        ['f3a', 3, 'fit'],
        ['e1', 1, 'evaluate'],
        ['f3b', 3, 'fit'],
        ['e2', 2, 'evaluate'],
        ['f3c', 3, 'fit'],
        ['f3d', 3, 'fit'],
      ];
      const results = await Promise.all(calls.map(([jti, round, task]) => store.advance('tp-1', round, jti, task)));
      const fits = calls.flatMap(([jti, , task], i) => (task === 'fit' && results[i] ? [jti] : []));
      expect(fits).toHaveLength(1);
      const session = await store.find('tp-1');
      expect(session).toMatchObject({ roundsDone: 1, lastRound: 3 });
      // The evaluations may land in either order: evaluate 2 first makes evaluate 1 an older round.
      const evaluations = calls.flatMap(([jti, , task], i) => (task === 'evaluate' && results[i] ? [jti] : []));
      expect(evaluations.length).toBeGreaterThanOrEqual(1);
      expect(session).toMatchObject({ evaluationsDone: evaluations.length, lastEvaluation: 2 });
      expect([...(session?.usedTokens ?? [])].sort()).toEqual([...fits, ...evaluations].sort());
    });

    it('should advance on the reading a request made (seen), and decide on a new reading once the session moved since', async () => {
      const store = new SiteSessionSqlStore(database, clock);
      await open(store, 'tp-1');
      const seen = (await store.find('tp-1')) as NonNullable<Awaited<ReturnType<SiteSessionSqlStore['find']>>>;
      const raced = await Promise.all(['a', 'b', 'c', 'd'].map((jti) => store.advance('tp-1', 1, jti, 'fit', seen)));
      expect(raced.filter(Boolean)).toHaveLength(1); // all compared against the same reading: exactly one matches
      expect(await store.advance('tp-1', 1, 'e', 'fit', seen)).toBe(false); // the reading says round 1 is new; the session says served
      expect(await store.advance('tp-1', 2, 'f', 'fit', seen)).toBe(true); // a stale token list is read again, not lost
      expect(await store.advance('tp-1', 1, 'g', 'evaluate', seen)).toBe(true);
      const winner = ['a', 'b', 'c', 'd'][raced.indexOf(true)] as string;
      expect(await store.find('tp-1')).toMatchObject({ roundsDone: 2, lastRound: 2, evaluationsDone: 1, usedTokens: [winner, 'f', 'g'] });
      expect(await store.advance('tp-1', 3, winner, 'fit', { ...seen, usedTokens: [] })).toBe(false); // a spent token, whatever the reading says
      await store.end('tp-1');
      expect(await store.advance('tp-1', 3, 'h', 'fit', seen)).toBe(false); // ended since the reading
      expect(await store.find('tp-1')).toMatchObject({ roundsDone: 2, lastRound: 2, status: 'ended' });
    });

    it("should commit an allowed round's audit entry in the round counter's transaction, or neither, without an outbox row", async () => {
      const stores = storesOn(database, clock);
      const audit = new AuditLog(stores.audit, clock);
      const commit = commitRoundWith({ audit, recorder: stores.changeRecorder(() => {}), record: async () => {} }, (decision) => ({ audit: roundDecisionEntry(decision) }));
      await open(new SiteSessionSqlStore(database, clock), 'tp-1');
      const allowed = (round: number) => ({ transferId: 'tp-1', agreementId: 'agr', round, task: 'fit', allowed: true, reason: 'all round checks passed', caller: 'did:web:c' });
      // A received checkpoint rides along (decision 0033): appended after the round's entry, in the same transaction.
      const received = { type: 'audit.checkpoint' as const, actor: 'did:web:c', agreementId: 'agr', data: { received: { seq: 1 } } };
      const head = await commit(async ({ sessions }) => void expect(await sessions.advance('tp-1', 1, 'j1', 'fit')).toBe(true), allowed(1), [received]);
      const failing = commit(
        async ({ sessions }) => {
          await sessions.advance('tp-1', 2, 'j2', 'fit');
          throw new Error('the privacy charge failed');
        },
        allowed(2),
        [received],
      );
      await expect(failing).rejects.toThrow('the privacy charge failed');
      const entries = await audit.select({});
      expect(entries.map((e) => e.type)).toEqual(['training.round', 'audit.checkpoint']);
      expect(head).toEqual({ seq: entries[1]?.seq, hash: entries[1]?.hash, at: entries[1]?.at });
      expect((await audit.select({ subject: 'tp-1' })).map((e) => (e.data as { round: number; decision: string }).round)).toEqual([1]);
      expect(await stores.siteSessions.find('tp-1')).toMatchObject({ lastRound: 1, roundsDone: 1, usedTokens: ['j1'] });
      expect(await database.db.selectFrom(OUTBOX_TABLE).selectAll().execute()).toEqual([]);
      expect(await audit.verify()).toMatchObject({ ok: true, checked: 2 });
    });

    it('should serve a later round after missed ones (counted once), and refuse a replay or an older round', async () => {
      const store = new SiteSessionSqlStore(database, clock);
      await open(store, 'tp-1', 'agr');
      expect(await store.advance('tp-1', 1, 'a', 'fit')).toBe(true);
      expect(await store.advance('tp-1', 4, 'b', 'fit')).toBe(true); // rounds 2 and 3 were missed: the site rejoins at 4
      expect(await store.find('tp-1')).toMatchObject({ roundsDone: 2, lastRound: 4 });
      expect(await store.roundsUnderAgreement('agr')).toBe(2); // the budget counts rounds served, not round numbers
      expect(await store.advance('tp-1', 4, 'c', 'fit')).toBe(false); // repeated
      expect(await store.advance('tp-1', 3, 'd', 'fit')).toBe(false); // older than the last served round
      expect(await store.advance('tp-1', 2, 'e', 'fit')).toBe(false);
      expect(await store.find('tp-1')).toMatchObject({ roundsDone: 2, lastRound: 4, usedTokens: ['a', 'b'] });
    });

    it('should keep the counter across a restart and sum it per agreement (the round budget), and serve nothing once ended', async () => {
      const store = new SiteSessionSqlStore(database, clock);
      await open(store, 'tp-1');
      await open(store, 'tp-2');
      await open(store, 'tp-3', 'other');
      expect(await store.advance('tp-1', 1, 'a', 'fit')).toBe(true);
      expect(await store.advance('tp-1', 3, 'b', 'fit')).toBe(true);
      expect(await store.advance('tp-2', 1, 'c', 'fit')).toBe(true);
      expect(await store.advance('tp-3', 1, 'd', 'fit')).toBe(true);
      await store.end('tp-2');
      // A restarted connector: a new connection and a new store over the same database.
      const reopened = await location.open();
      try {
        const again = new SiteSessionSqlStore(reopened, clock);
        expect(await again.roundsUnderAgreement('agr')).toBe(3);
        expect(await again.roundsUnderAgreement('other')).toBe(1);
        expect(await again.roundsUnderAgreement('none')).toBe(0);
        expect(await again.find('tp-1')).toMatchObject({ roundsDone: 2, lastRound: 3, usedTokens: ['a', 'b'] });
        expect(await again.advance('tp-1', 3, 'z', 'fit')).toBe(false); // round 3 was served before the restart
        expect(await again.advance('tp-1', 2, 'z', 'fit')).toBe(false); // and round 2 is older
        expect(await again.advance('tp-2', 2, 'y', 'fit')).toBe(false); // ended
        expect(await again.find('tp-2')).toMatchObject({ status: 'ended', roundsDone: 1, lastRound: 1 });
        expect(await again.advance('tp-1', 4, 'x', 'fit')).toBe(true);
        expect(await again.find('tp-1')).toMatchObject({ roundsDone: 3, lastRound: 4 });
        expect((await again.listActive()).map((s) => s.transferId).sort()).toEqual(['tp-1', 'tp-3']);
      } finally {
        await reopened.close();
      }
    });

    it('should start existing sessions from their counts when the last-round columns are added (migration 10)', async () => {
      // A database as it was at migration 9, with a session that served 2 training and 1 evaluation round.
      const older = testStoreConfig(backend);
      const db = await older.open();
      try {
        expect(await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version < 10) })).not.toContain(10);
        await db.db
          .insertInto('fl_site_sessions')
          .values({
            transfer_id: 'tp-old',
            agreement_id: 'agr',
            coordinator_did: 'did:web:c',
            asset_id: 'penguins',
            rounds_done: 2,
            evaluations_done: 1,
            used_tokens: '["a","b","e"]',
            status: 'active',
            created_at: 1,
            updated_at: 1,
          })
          .execute();
        expect(await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 10) })).toEqual([10]);
        const store = new SiteSessionSqlStore(db, clock);
        expect(await store.find('tp-old')).toMatchObject({ roundsDone: 2, lastRound: 2, evaluationsDone: 1, lastEvaluation: 1 });
        expect(await store.advance('tp-old', 2, 'c', 'fit')).toBe(false);
        expect(await store.advance('tp-old', 3, 'c', 'fit')).toBe(true);
        await open(store, 'tp-new');
        expect(await store.find('tp-new')).toMatchObject({ lastRound: 0, lastEvaluation: 0 });
        // Migration 11 adds the statistics counter: served once per session, independent of the rounds.
        expect(await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 11) })).toEqual([11]);
        expect(await store.advance('tp-old', 1, 's1', 'statistics')).toBe(true);
        expect(await store.advance('tp-old', 1, 's2', 'statistics')).toBe(false);
      } finally {
        await db.close();
        await older.cleanup();
      }
    });
  });
}
