import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import type { Database } from '../../connector/store/database.js';
import { SqlStateEntityStore } from '../../connector/store/sql/sql-state-entity-store.js';
import { TrainingSqlStore } from '../../connector/store/sql/training-sql-store.js';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import type { RoundMetrics, Training } from '../../connector/training/training.js';
import { planHash } from '../../connector/training/training-plan.js';
import { freshDatabase, type Backend } from '../helpers/test-database.js';

const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });

/** The coordinator's trainings with their per-round metrics in rows of their own (migration 0020), run once per backend. */
export function trainingStoreContract(backend: Backend): void {
  describe(`training store (${backend})`, () => {
    let database: Database;
    let cleanup: () => Promise<void>;
    let store: TrainingSqlStore;
    const clock = new FixedClock(Date.parse('2027-01-01T00:00:00Z'));
    beforeEach(async () => {
      ({ database, cleanup } = await freshDatabase(backend));
      store = new TrainingSqlStore(database, clock);
    });
    afterEach(async () => cleanup());

    const metric = (round: number): RoundMetrics => ({
      round,
      accuracy: 0.5 + round / 100,
      loss: 1 / round,
      modelHash: `sha256:${round}`,
      sites: [{ siteDid: 'did:web:site.example', sampleCount: 10 * round, trainAccuracy: 0.9, evalAccuracy: 0.8 }],
      at: round * 1000,
    });
    const training = (id: string, metrics: RoundMetrics[], state: Training['state'] = 'RUNNING'): Training => ({
      id,
      state,
      stateCount: 1,
      stateTimestamp: clock.now(),
      nextAttemptAt: clock.now(),
      pending: false,
      version: 0,
      createdAt: clock.now(),
      updatedAt: clock.now(),
      purpose: 'https://w3id.org/kontor/purpose/federated-training',
      plan,
      planHash: planHash(plan),
      rounds: 10,
      currentRound: metrics.length,
      minSites: 1,
      roundTimeoutMs: 1000,
      sites: [{ agreementId: 'urn:uuid:a1', siteDid: 'did:web:site.example', status: 'active' }],
      global: [0.25, -0.5],
      metrics,
      checkpoints: [],
      rejected: [],
    });
    const stored = async (id: string) => {
      const body = (await database.db.selectFrom('fl_trainings').select('body').where('id', '=', id).executeTakeFirstOrThrow()).body;
      const rows = await database.db.selectFrom('fl_training_metrics').select(['idx']).where('training_id', '=', id).orderBy('idx').execute();
      return { bodyMetrics: (typeof body === 'string' ? JSON.parse(body) : body).metrics as unknown[], idx: rows.map((r) => Number(r.idx)) };
    };

    it('keeps the metrics out of the training’s row, one row a round written once, and reads them back in order', async () => {
      const first = await store.save(training('t1', [metric(1), metric(2)]));
      expect(first.metrics).toEqual([metric(1), metric(2)]);
      expect(await stored('t1')).toEqual({ bodyMetrics: [], idx: [0, 1] });
      const { saved, leased } = await store.saveAndLease({ ...first, currentRound: 3, metrics: [...first.metrics, metric(3)] }, { owner: 'w1', leaseMs: 60_000 });
      expect(leased).toBe(true);
      expect(saved.metrics).toEqual([metric(1), metric(2), metric(3)]);
      expect(await stored('t1')).toEqual({ bodyMetrics: [], idx: [0, 1, 2] });
      // A save that adds no round writes no metrics row and keeps them all.
      const done = await store.save({ ...saved, state: 'COMPLETED' }, 'w1');
      expect(await stored('t1')).toEqual({ bodyMetrics: [], idx: [0, 1, 2] });
      for (const read of [await store.getById('t1'), await store.findById('t1'), (await store.list({ offset: 0, limit: 10 })).items[0]]) {
        expect(read).toEqual({ ...done, metrics: [metric(1), metric(2), metric(3)] });
      }
      await expect(store.getById('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await store.findById('nope')).toBeUndefined();
    });

    it('puts the metrics back on claimed trainings, and a training without rounds has none', async () => {
      await store.save(training('t1', [metric(1)]));
      await store.save(training('t2', []));
      const claimed = await store.claimDue({ states: ['RUNNING'], limit: 10, owner: 'w1', leaseMs: 60_000 });
      expect(Object.fromEntries(claimed.map((t) => [t.id, t.metrics.map((m) => m.round)]))).toEqual({ t1: [1], t2: [] });
      await store.release('t1', 'w1');
      expect((await store.claimById('t1', 'w2', 60_000)).metrics).toEqual([metric(1)]);
    });

    it('reads a page of trainings with each one’s own metrics in order, legacy rows too', async () => {
      await store.save(training('t1', [metric(1), metric(2)]));
      await store.save(training('t2', []));
      await new SqlStateEntityStore<Training>(database, 'fl_trainings', 'training', clock).save(training('t3', [metric(7)]));
      await store.save(training('t4', [metric(1), metric(2), metric(3)]));
      const page = await store.list({ offset: 0, limit: 10 });
      expect(page.total).toBe(4);
      expect(Object.fromEntries(page.items.map((t) => [t.id, t.metrics.map((m) => m.round)]))).toEqual({ t1: [1, 2], t2: [], t3: [7], t4: [1, 2, 3] });
      for (const t of page.items) expect(t).toEqual(await store.getById(t.id));
      expect((await store.list({ offset: 10, limit: 10 })).items).toEqual([]);
    });

    it('reads a training’s head without its per-round lists and without touching the metrics rows', async () => {
      const checkpointOf = (m: RoundMetrics) => ({ round: m.round, modelHash: m.modelHash, at: m.at });
      const saved = await store.save({ ...training('t1', [metric(1), metric(2)]), checkpoints: [metric(1), metric(2)].map(checkpointOf) });
      await new SqlStateEntityStore<Training>(database, 'fl_trainings', 'training', clock).save(training('old', [metric(1)]));
      const { metrics: _m, checkpoints: _c, ...head } = saved;
      // With the metrics table out of the way, a head still reads (and a full read does not): the head never queries it.
      await database.db.schema.alterTable('fl_training_metrics').renameTo('fl_training_metrics_away').execute();
      try {
        expect(await store.findHeadById('t1')).toEqual(head);
        const old = await store.findHeadById('old');
        expect(old).not.toHaveProperty('metrics');
        expect(old).not.toHaveProperty('checkpoints');
        expect(old?.id).toBe('old');
        expect(await store.findHeadById('nope')).toBeUndefined();
        const heads = await store.listHeads({ states: ['RUNNING'], offset: 0, limit: 10 });
        expect(heads.total).toBe(2);
        expect(heads.items.find((t) => t.id === 't1')).toEqual(head);
        for (const t of heads.items) expect(t).not.toHaveProperty('metrics');
        expect(await store.listHeads({ states: ['COMPLETED'], offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
        await expect(store.getById('t1')).rejects.toThrow();
      } finally {
        await database.db.schema.alterTable('fl_training_metrics_away').renameTo('fl_training_metrics').execute();
      }
    });

    it('writes no metrics row when the save loses to a concurrent one (the version check fails the transaction)', async () => {
      const first = await store.save(training('t1', [metric(1)]));
      await store.save({ ...first, currentRound: 2, metrics: [metric(1), metric(2)] });
      await expect(store.save({ ...first, currentRound: 2, metrics: [metric(1), metric(2), metric(3)] })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
      expect(await stored('t1')).toEqual({ bodyMetrics: [], idx: [0, 1] });
      expect((await store.getById('t1')).metrics.map((m) => m.round)).toEqual([1, 2]);
    });

    it('leaves out of the row a checkpoint list its metrics give, and gives it back on every read; keeps any other list', async () => {
      const checkpointOf = (m: RoundMetrics) => ({ round: m.round, modelHash: m.modelHash, at: m.at });
      const metrics = [metric(1), metric(2)];
      const saved = await store.save({ ...training('t1', metrics), checkpoints: metrics.map(checkpointOf) });
      expect(saved.checkpoints).toEqual(metrics.map(checkpointOf));
      expect(saved).not.toHaveProperty('checkpointsFromMetrics');
      const body = async (id: string) => {
        const b = (await database.db.selectFrom('fl_trainings').select('body').where('id', '=', id).executeTakeFirstOrThrow()).body;
        return (typeof b === 'string' ? JSON.parse(b) : b) as { checkpoints: unknown[]; checkpointsFromMetrics?: boolean };
      };
      expect(await body('t1')).toMatchObject({ checkpoints: [], checkpointsFromMetrics: true });
      const next = await store.save({ ...saved, metrics: [...metrics, metric(3)], checkpoints: [...saved.checkpoints, checkpointOf(metric(3))] });
      for (const read of [next, await store.getById('t1'), (await store.claimDue({ states: ['RUNNING'], limit: 5, owner: 'w', leaseMs: 1000 }))[0]]) {
        expect(read?.checkpoints).toEqual([1, 2, 3].map((r) => checkpointOf(metric(r))));
        expect(read).not.toHaveProperty('checkpointsFromMetrics');
      }
      // A list that is not the metrics' own (here one entry differs) stays in the row, as it is.
      const odd = [checkpointOf(metric(1)), { ...checkpointOf(metric(2)), modelHash: 'sha256:other' }];
      await store.save({ ...training('t2', metrics), checkpoints: odd });
      expect(await body('t2')).toMatchObject({ checkpoints: odd });
      expect(await body('t2')).not.toHaveProperty('checkpointsFromMetrics');
      expect((await store.getById('t2')).checkpoints).toEqual(odd);
    });

    it('reads a training stored before migration 0020 (metrics in its row) as it is, and its next save moves them', async () => {
      const legacy = await new SqlStateEntityStore<Training>(database, 'fl_trainings', 'training', clock).save(training('old', [metric(1), metric(2)]));
      expect(await stored('old')).toEqual({ bodyMetrics: [metric(1), metric(2)], idx: [] });
      const read = await store.getById('old');
      expect(read.metrics).toEqual([metric(1), metric(2)]);
      await store.save({ ...read, version: legacy.version, currentRound: 3, metrics: [...read.metrics, metric(3)] });
      expect(await stored('old')).toEqual({ bodyMetrics: [], idx: [0, 1, 2] });
      expect((await store.getById('old')).metrics).toEqual([metric(1), metric(2), metric(3)]);
    });
  });
}
