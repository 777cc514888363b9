import { describe, expect, it } from 'vitest';
import { trainLocally, type LocalTrainingJob } from './local-train.js';
import type { EncodedRow } from './training-rows.js';
import { isSmallJob, KEPT_ROW_SETS, SMALL_JOB_OPS, TrainingWorkers } from './worker-runner.js';

/** A small separable data set of `n` rows over 2 features and 2 classes, shifted by `shift` so that sets differ. */
const rows = (n: number, shift: number): EncodedRow[] => Array.from({ length: n }, (_, i) => ({ x: [((i % 7) - 3 + shift) / 3, ((i % 5) - 2) / 2], y: i % 7 > 3 ? 1 : 0 }));

const job = (r: EncodedRow[], seed = 7): LocalTrainingJob => ({
  shape: { features: 2, classes: 2 },
  rows: r,
  global: [0, 0, 0, 0, 0, 0],
  localEpochs: 2,
  learningRate: 0.1,
  batchSize: 8,
  clipNorm: 10,
  noiseMultiplier: 0,
  seed,
});

describe('training workers', () => {
  const where = new TrainingWorkers().mode === 'worker' ? 'in the worker thread' : 'in-process (no built worker: run `npm run build` to test the thread)';

  it(`trains a row set sent once and then held as it trains it in-process, round after round (${where})`, async () => {
    const workers = new TrainingWorkers(0);
    const set = rows(60, 0);
    const expected = trainLocally(job(set));
    for (let round = 0; round < 3; round++) expect(await workers.run(job(set))).toEqual(expected);
    expect(await workers.run(job(set, 8))).toEqual(trainLocally(job(set, 8)));
  });

  it(`keeps the most recent ${KEPT_ROW_SETS} row sets and sends a forgotten one again (${where})`, async () => {
    const workers = new TrainingWorkers(0);
    const sets = Array.from({ length: KEPT_ROW_SETS + 3 }, (_, i) => rows(20 + i, i / 10));
    for (const set of sets) await workers.run(job(set));
    // The first sets were forgotten by the worker, the last ones are held: both train on their own rows.
    for (const set of [sets[0], sets[1], sets[sets.length - 1], sets[0]] as EncodedRow[][]) expect(await workers.run(job(set))).toEqual(trainLocally(job(set)));
  });

  it(`runs jobs on different row sets at once without mixing them up (${where})`, async () => {
    const workers = new TrainingWorkers(0);
    const a = rows(40, 0);
    const b = rows(40, 1);
    const [ra, rb, ra2] = await Promise.all([workers.run(job(a)), workers.run(job(b)), workers.run(job(a))]);
    expect(ra).toEqual(trainLocally(job(a)));
    expect(rb).toEqual(trainLocally(job(b)));
    expect(ra2).toEqual(ra);
    expect(rb).not.toEqual(ra);
  });

  it('trains a small softmax job on the calling thread, and a larger one or an MLP in the worker', async () => {
    const small = job(rows(60, 0));
    expect(isSmallJob(small)).toBe(true);
    expect(isSmallJob({ ...small, localEpochs: Math.ceil(SMALL_JOB_OPS / (60 * 3 * 2)) + 1 })).toBe(false);
    expect(isSmallJob({ ...small, model: { type: 'mlp', hidden: [4], activation: 'relu', optimizer: 'sgd', learningRate: 0.1, batchSize: 8, localEpochs: 1 } })).toBe(false);
    expect(isSmallJob(small, 0)).toBe(false);
    const workers = new TrainingWorkers();
    expect(await workers.run(small)).toEqual(trainLocally(small));
    expect(workers.smallJobs).toBe(workers.mode === 'worker' ? 1 : 0);
    const bigger = { ...small, localEpochs: Math.ceil(SMALL_JOB_OPS / (60 * 3 * 2)) + 1 };
    expect(await workers.run(bigger)).toEqual(trainLocally(bigger));
    expect(workers.smallJobs).toBe(workers.mode === 'worker' ? 1 : 0);
  });
});
