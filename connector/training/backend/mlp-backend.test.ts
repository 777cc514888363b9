import { describe, expect, it } from 'vitest';
import { centralizedModel, inProcessFedAvg, penguinPlan, testAccuracy } from './baselines.js';
import { trainLocally } from './local-train.js';
import { datasetRows } from './data-sets.js';
import { jobSettings } from './model-math.js';
import { softmaxBackend } from './softmax-backend.js';
import { encode } from './softmax-regression.js';
import { TrainingWorkers } from './worker-runner.js';

const plan = penguinPlan({ model: { type: 'mlp', hidden: [8], activation: 'tanh', optimizer: 'adam', learningRate: 0.05, batchSize: 16, localEpochs: 2 } });
const shape = { features: plan.features.length, classes: plan.classes.length };

describe('the MLP behind the training backend seam (penguins)', () => {
  it('trains in the worker thread with the same result as in-process, hashes and evaluates its flat parameters', async () => {
    const workers = new TrainingWorkers();
    const backend = softmaxBackend(workers);
    const dataset = { type: 'TrainingData', source: 'vega-datasets/penguins', island: 'Dream' };
    const global = backend.initialParams(plan);
    expect(global).toHaveLength(4 * 8 + 8 + 8 * 3 + 3);
    expect(backend.initialParams(plan)).toEqual(global);
    const update = await backend.trainLocally({ plan, dataset, global, clipNorm: 0, noiseMultiplier: 0, seed: 11 });
    const rows = encode(datasetRows(dataset, 'train'), plan.classes, plan.scaling);
    const direct = trainLocally({ shape, rows, global, ...jobSettings(plan), clipNorm: 0, noiseMultiplier: 0, seed: 11 });
    expect(update.params).toEqual(direct.params);
    expect(workers.mode).toBe('worker'); // npm test builds dist/ first (pretest)
    expect(backend.modelHash(update.params)).not.toBe(backend.modelHash(global));
    const evaluated = await backend.evaluateLocally({ plan, dataset, global: update.params });
    expect(evaluated.accuracy).toBeGreaterThan(0.6);
  });

  it('federated MLP training reaches the centralized baseline within a few points', () => {
    const federated = testAccuracy(plan, inProcessFedAvg(plan, 5));
    const central = testAccuracy(plan, centralizedModel(plan, 10));
    expect(central).toBeGreaterThan(0.9);
    expect(federated).toBeGreaterThan(central - 0.05);
  });

  it('refuses an invalid model spec before training, naming the field', () => {
    const backend = softmaxBackend(new TrainingWorkers());
    expect(() => backend.initialParams({ ...plan, model: { ...(plan.model as object), units: 5 } as never })).toThrow(/model\.units is not a model field/);
  });
});
