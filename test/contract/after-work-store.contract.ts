import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import type { Database } from '../../connector/store/database.js';
import { migrate } from '../../connector/store/migrate.js';
import { MIGRATIONS } from '../../connector/store/migrations/index.js';
import { SqlAfterWorkStore } from '../../connector/store/sql/after-work-sql-store.js';
import { TrainingSqlStore } from '../../connector/store/sql/training-sql-store.js';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import type { Training } from '../../connector/training/training.js';
import { freshDatabase, testStoreConfig, type Backend } from '../helpers/test-database.js';

const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const MINUTE = 60_000;

/** The after-work items of ended trainings (migration 0021): noted with the ending save, claimed, done; run once per backend. */
export function afterWorkStoreContract(backend: Backend): void {
  describe(`after-work items (${backend})`, () => {
    let database: Database;
    let cleanup: () => Promise<void>;
    let trainings: TrainingSqlStore;
    let items: SqlAfterWorkStore;
    const clock = new FixedClock(Date.parse('2027-01-01T00:00:00Z'));
    beforeEach(async () => {
      ({ database, cleanup } = await freshDatabase(backend));
      trainings = new TrainingSqlStore(database, clock);
      items = new SqlAfterWorkStore(database, clock);
    });
    afterEach(async () => cleanup());

    const training = (id: string, state: Training['state']): Training => ({
      id,
      state,
      stateCount: 1,
      stateTimestamp: clock.now(),
      nextAttemptAt: clock.now(),
      pending: false,
      version: 0,
      createdAt: clock.now(),
      updatedAt: clock.now(),
      purpose: 'p',
      plan,
      planHash: 'h',
      rounds: 2,
      currentRound: 2,
      minSites: 1,
      roundTimeoutMs: 1000,
      sites: [],
      global: [0.5],
      metrics: [],
      checkpoints: [],
      rejected: [],
    });

    it('notes an item with the save that ends a training, once, in every ended state, and none for a running one', async () => {
      const running = await trainings.save(training('t1', 'RUNNING'));
      await trainings.save(training('t2', 'STOPPED'));
      await trainings.saveAndLease(training('t3', 'FAILED'), { owner: 'w', leaseMs: MINUTE });
      expect(await items.pending({ limit: 10 })).toEqual(['t2', 't3']);
      const completed = await trainings.save({ ...running, state: 'COMPLETED' });
      expect(await items.pending({ limit: 10 })).toEqual(['t1', 't2', 't3']);
      await items.done('t1');
      await trainings.save({ ...completed, global: [] }); // a later save (the model dropped by its deletion duty) notes nothing again
      expect(await items.pending({ limit: 10 })).toEqual(['t2', 't3']);
      expect(await items.claim('t1', 'w', MINUTE)).toBe(false);
    });

    it('lets one claimer hold an item until its lease runs out or it lets go; done is final; unknown items are never claimed', async () => {
      await trainings.save(training('t1', 'COMPLETED'));
      expect(await items.claim('t1', 'a', MINUTE)).toBe(true);
      expect(await items.claim('t1', 'b', MINUTE)).toBe(false);
      expect(await items.claim('t1', 'a', MINUTE)).toBe(false); // not even its own holder twice
      await items.release('t1', 'b'); // not b's to let go
      expect(await items.claim('t1', 'b', MINUTE)).toBe(false);
      clock.advance(MINUTE);
      expect(await items.claim('t1', 'b', MINUTE)).toBe(true); // a's lease ran out
      await items.release('t1', 'b');
      expect(await items.claim('t1', 'a', MINUTE)).toBe(true);
      expect(await items.pending({ limit: 10 })).toEqual(['t1']); // claimed is still pending
      await items.done('t1');
      clock.advance(10 * MINUTE);
      expect(await items.claim('t1', 'a', MINUTE)).toBe(false);
      expect(await items.pending({ limit: 10 })).toEqual([]);
      expect(await items.claim('nope', 'a', MINUTE)).toBe(false);
    });

    it("renews its holder's claim only: a renewed item stays held past the first lease, a taken or done one is not renewed", async () => {
      await trainings.save(training('t1', 'COMPLETED'));
      expect(await items.claim('t1', 'a', MINUTE)).toBe(true);
      clock.advance(MINUTE / 2);
      expect(await items.renew('t1', 'a', MINUTE)).toBe(true);
      expect(await items.renew('t1', 'b', MINUTE)).toBe(false);
      clock.advance(MINUTE / 2 + 1);
      expect(await items.claim('t1', 'b', MINUTE)).toBe(false); // still a's: renewed
      clock.advance(MINUTE);
      expect(await items.claim('t1', 'b', MINUTE)).toBe(true); // a stopped renewing
      expect(await items.renew('t1', 'a', MINUTE)).toBe(false);
      await items.done('t1');
      expect(await items.renew('t1', 'b', MINUTE)).toBe(false);
    });

    it('counts a failed attempt with its reason and keeps the item from every claim and page until its back-off has passed', async () => {
      await trainings.save(training('t1', 'COMPLETED'));
      await trainings.save(training('t2', 'COMPLETED'));
      expect(await items.statusOf(['t1', 't2', 'unknown'])).toEqual(
        new Map([
          ['t1', { done: false, attempts: 0 }],
          ['t2', { done: false, attempts: 0 }],
        ]),
      );
      expect(await items.claim('t1', 'a', MINUTE)).toBe(true);
      await items.release('t1', 'b', 'not b’s failure'); // only the holder's failure counts
      expect((await items.statusOf(['t1'])).get('t1')).toEqual({ done: false, attempts: 0 });
      await items.release('t1', 'a', 'ending a training transfer: peer down');
      expect((await items.statusOf(['t1'])).get('t1')).toEqual({ done: false, attempts: 1, lastError: 'ending a training transfer: peer down', retryAt: clock.now() + MINUTE });
      expect(await items.pending({ limit: 10 })).toEqual(['t2']);
      expect(await items.claim('t1', 'b', MINUTE)).toBe(false);
      clock.advance(MINUTE);
      expect(await items.pending({ limit: 10 })).toEqual(['t1', 't2']);
      expect(await items.claim('t1', 'b', MINUTE)).toBe(true);
      await items.release('t1', 'b', 'again');
      expect((await items.statusOf(['t1'])).get('t1')).toEqual({ done: false, attempts: 2, lastError: 'again', retryAt: clock.now() + 2 * MINUTE });
      clock.advance(2 * MINUTE - 1);
      expect(await items.claim('t1', 'b', MINUTE)).toBe(false);
      clock.advance(1);
      expect(await items.claim('t1', 'b', MINUTE)).toBe(true);
      await items.release('t1', 'b'); // let go without a failure: not counted, no back-off
      expect(await items.claim('t1', 'c', MINUTE)).toBe(true);
      await items.done('t1');
      expect((await items.statusOf(['t1'])).get('t1')).toEqual({ done: true, attempts: 2, lastError: 'again' });
    });

    it('gives exactly one of many simultaneous claimers the item', async () => {
      await trainings.save(training('t1', 'COMPLETED'));
      const won = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((owner) => items.claim('t1', owner, MINUTE)));
      expect(won.filter(Boolean)).toHaveLength(1);
    });

    it('pages the items not done in id order', async () => {
      for (const id of ['t5', 't1', 't4', 't2', 't3']) await trainings.save(training(id, 'COMPLETED'));
      await items.done('t2');
      expect(await items.pending({ limit: 2 })).toEqual(['t1', 't3']);
      expect(await items.pending({ after: 't3', limit: 2 })).toEqual(['t4', 't5']);
      expect(await items.pending({ after: 't5', limit: 2 })).toEqual([]);
    });

    it('keeps the items of migration 0021 as owed and not failed across migration 0023', async () => {
      const old = testStoreConfig(backend);
      const db = await old.open();
      try {
        await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version < 23) });
        await db.db
          .insertInto('fl_after_work')
          .values([{ training_id: 'owed' }, { training_id: 'done', done_at: 5 }])
          .execute();
        expect(await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 23) })).toEqual([23]);
        const after = new SqlAfterWorkStore(db, clock);
        expect(await after.pending({ limit: 10 })).toEqual(['owed']);
        expect(await after.statusOf(['owed', 'done'])).toEqual(
          new Map([
            ['done', { done: true, attempts: 0 }],
            ['owed', { done: false, attempts: 0 }],
          ]),
        );
      } finally {
        await db.close();
        await old.cleanup();
      }
    });

    it('notes every training that had ended before migration 0021, and none that had not', async () => {
      const old = testStoreConfig(backend);
      const db = await old.open();
      try {
        await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version < 21) });
        const row = (id: string, state: string) => ({
          id,
          state,
          state_count: 1,
          state_timestamp: 1,
          next_attempt_at: 1,
          pending: 0,
          version: 1,
          created_at: 1,
          updated_at: 1,
          body: JSON.stringify({ id }),
        });
        await db.db
          .insertInto('fl_trainings')
          .values([row('done', 'COMPLETED'), row('stopped', 'STOPPED'), row('failed', 'FAILED'), row('running', 'RUNNING'), row('preparing', 'PREPARING')])
          .execute();
        expect(await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 21) })).toEqual([21]);
        const noted = await db.db.selectFrom('fl_after_work').select('training_id').where('done_at', 'is', null).orderBy('training_id').execute();
        expect(noted.map((r) => r.training_id)).toEqual(['done', 'failed', 'stopped']);
      } finally {
        await db.close();
        await old.cleanup();
      }
    });
  });
}
