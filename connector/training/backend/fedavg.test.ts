import { describe, expect, it } from 'vitest';
import { centralizedModel, inProcessFedAvg, penguinPlan, testAccuracy } from './baselines.js';
import { trainLocally } from './local-train.js';
import { PENGUIN_ISLANDS } from './penguins.js';
import { datasetRows } from './data-sets.js';
import { softmaxBackend } from './softmax-backend.js';
import { encode, gradient, parameterCount } from './softmax-regression.js';
import { TrainingWorkers } from './worker-runner.js';

const plan = penguinPlan();
const shape = { features: plan.features.length, classes: plan.classes.length };
const siteRows = (island?: string) =>
  encode(datasetRows({ type: 'TrainingData', source: 'vega-datasets/penguins', ...(island ? { island } : {}) }, 'train'), plan.classes, plan.scaling);

describe('federated averaging on the Palmer penguins', () => {
  it('should equal centralized gradient descent for FedSGD (one full-batch step per round, all sites) within 1e-9', () => {
    const sites = PENGUIN_ISLANDS.map((island) => siteRows(island));
    const all = sites.flat();
    let fed = new Array<number>(parameterCount(shape)).fill(0);
    let central = [...fed];
    for (let round = 0; round < 10; round++) {
      const updates = sites.map((rows) => ({
        n: rows.length,
        params: trainLocally({ shape, rows, global: fed, localEpochs: 1, learningRate: 0.5, batchSize: rows.length, clipNorm: 0, noiseMultiplier: 0, seed: 1 }).params,
      }));
      const total = updates.reduce((s, u) => s + u.n, 0);
      fed = fed.map((_, p) => updates.reduce((s, u) => s + (u.params[p] ?? 0) * (u.n / total), 0));
      const g = gradient(central, shape, all);
      central = central.map((w, p) => w - 0.5 * (g[p] ?? 0));
    }
    const maxDiff = Math.max(...fed.map((w, p) => Math.abs(w - (central[p] ?? 0))));
    expect(maxDiff).toBeLessThan(1e-9);
    expect(Math.max(...central.map(Math.abs))).toBeGreaterThan(0.1); // it did learn something
  });

  it('should come within 2 points of centralized accuracy with FedAvg split by island (fixed seeds)', () => {
    const centralized = testAccuracy(plan, centralizedModel(plan, 100));
    const federated = testAccuracy(plan, inProcessFedAvg(plan, 20));
    const singleSites = PENGUIN_ISLANDS.map((island) => testAccuracy(plan, centralizedModel(plan, 100, island)));
    expect(centralized).toBeGreaterThan(0.9);
    expect(Math.abs(federated - centralized)).toBeLessThanOrEqual(0.02);
    expect(Math.min(...singleSites)).toBeLessThan(federated); // a single island does not see every species
  });

  it('should clip the released update to the clip norm and add noise only when asked', () => {
    const rows = siteRows('Biscoe');
    const global = new Array<number>(parameterCount(shape)).fill(0);
    const clipped = trainLocally({ shape, rows, global, localEpochs: 5, learningRate: 0.5, batchSize: 32, clipNorm: 0.5, noiseMultiplier: 0, seed: 3 });
    expect(Math.sqrt(clipped.params.reduce((s, v) => s + v * v, 0))).toBeCloseTo(0.5, 9);
    const noisy = trainLocally({ shape, rows, global, localEpochs: 5, learningRate: 0.5, batchSize: 32, clipNorm: 0.5, noiseMultiplier: 1, seed: 3 });
    expect(noisy.params).not.toEqual(clipped.params);
  });

  it('should train in a worker thread when the build is there, with the same result as in-process', async () => {
    const workers = new TrainingWorkers(0); // every job to the worker, however small
    const backend = softmaxBackend(workers);
    const dataset = { type: 'TrainingData', source: 'vega-datasets/penguins', island: 'Dream' };
    const update = await backend.trainLocally({ plan, dataset, global: backend.initialParams(plan), clipNorm: 0, noiseMultiplier: 0, seed: 11 });
    const direct = trainLocally({
      shape,
      rows: siteRows('Dream'),
      global: backend.initialParams(plan),
      localEpochs: plan.localEpochs,
      learningRate: plan.learningRate,
      batchSize: plan.batchSize,
      clipNorm: 0,
      noiseMultiplier: 0,
      seed: 11,
    });
    expect(update.params).toEqual(direct.params);
    expect(update.sampleCount).toBe(siteRows('Dream').length);
    expect(workers.mode).toBe('worker'); // npm test builds dist/ first (pretest)
    expect(workers.smallJobs).toBe(0);
  });

  it('should weigh by positive sample counts only: a count that would put a weight outside [0, 1] is refused, not averaged', () => {
    const backend = softmaxBackend(new TrainingWorkers());
    expect(
      backend.aggregate([
        { params: [1, 2], sampleCount: 3 },
        { params: [3, 4], sampleCount: 1 },
      ]),
    ).toEqual([1.5, 2.5]);
    // −127 against 128: weights 128 and −127 (the second update, reflected, pulled 128-fold); −128: they sum to 0.
    for (const sampleCount of [-127, -128, 0, Number.NaN]) {
      expect(
        () =>
          backend.aggregate([
            { params: [1, 2], sampleCount: 128 },
            { params: [3, 4], sampleCount },
          ]),
        String(sampleCount),
      ).toThrow(/update 2 has sample count .*: FedAvg weighs positive counts only/);
    }
    expect(() => backend.aggregate([])).toThrow(/nothing to aggregate/);
  });
});
