import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { penguinDataset } from '../data/penguin-dataset.js';
import { createModel } from '../model/create-model.js';
import { trainLocally } from './train-locally.js';
import type { LocalTrainingJob } from './training-job.js';
import { InProcessTrainingRunner, WorkerTrainingRunner, defaultWorkerUrl } from './training-runner.js';

const data = penguinDataset();
const job: LocalTrainingJob = {
  spec: data.spec, globalParams: createModel(data.spec).initialParameters(), rows: data.sites[1]!.train,
  plan: { localEpochs: 2, learningRate: 0.1, batchSize: 8 }, privacy: { requested: { clipNorm: 1, noiseMultiplier: 0.3 } }, seed: 5,
};
// vitest runs the .ts sources; the real worker is the compiled file from `npm run build`.
const DIST_WORKER = new URL('../../../dist/connector/training/site/worker-entry.js', import.meta.url);
const hasDist = existsSync(DIST_WORKER);

describe('training runners', () => {
  it('should run in process with the same result as trainLocally (test fallback)', async () => {
    const runner = new InProcessTrainingRunner();
    expect(await runner.run(job)).toEqual(trainLocally(job));
    await runner.close();
  });

  it('should explain that the worker needs a build when no compiled entry sits beside the source', () => {
    if (existsSync(defaultWorkerUrl())) return; // running from dist: nothing to explain
    expect(() => new WorkerTrainingRunner()).toThrow(/npm run build/);
  });

  it.skipIf(!hasDist)('should train in a real worker thread from dist (skipped: run `npm run build` first)', async () => {
    const runner = new WorkerTrainingRunner(DIST_WORKER);
    try {
      const [a, b] = await Promise.all([runner.run(job), runner.run({ ...job, seed: 6 })]);
      expect(a).toEqual(trainLocally(job));
      expect(b?.update.values).not.toEqual(a?.update.values);
      await expect(runner.run({ ...job, rows: [] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((await runner.run(job)).sampleCount).toBe(job.rows.length); // still usable after an error
    } finally {
      await runner.close();
    }
  });
});
