import { describe, expect, it } from 'vitest';
import { penguinDataset } from '../data/penguin-dataset.js';
import { createModel } from '../model/create-model.js';
import { gradientDescent } from '../model/gradient-descent.js';
import { seededRandom } from '../model/seeded-random.js';
import { trainLocally } from '../site/train-locally.js';
import { applyFedAvg, weightedMean } from './fedavg.js';
import { modelHash } from './model-hash.js';

describe('FedAvg', () => {
  it('should weight by sample counts', () => {
    const mean = weightedMean([{ values: Float64Array.of(1, 0), sampleCount: 1 }, { values: Float64Array.of(4, 3), sampleCount: 2 }]);
    expect(Array.from(mean)).toEqual([3, 2]);
    expect(Array.from(applyFedAvg(Float64Array.of(10, 10), [{ values: Float64Array.of(1, -1), sampleCount: 5 }]))).toEqual([11, 9]);
    expect(() => weightedMean([])).toThrow(/at least one/);
    expect(() => weightedMean([{ values: Float64Array.of(1), sampleCount: 1 }, { values: Float64Array.of(1, 2), sampleCount: 1 }])).toThrow(/expected 1/);
  });

  it('should equal centralized gradient descent for FedSGD (E=1, full batch, all sites) within 1e-9', () => {
    const data = penguinDataset();
    const model = createModel(data.spec);
    let federated = model.initialParameters();
    let central = model.initialParameters();
    const plan = { localEpochs: 1, learningRate: 0.3, batchSize: 0 };
    let maxDiff = 0;
    for (let round = 1; round <= 50; round++) {
      const updates = data.sites.map((site) => trainLocally({ spec: data.spec, globalParams: federated, rows: site.train, plan, privacy: {}, seed: round }));
      federated = applyFedAvg(federated, updates.map((u) => ({ values: u.update.values, sampleCount: u.sampleCount })));
      central = gradientDescent(model, central, data.train, { epochs: 1, learningRate: 0.3, batchSize: 0, random: seededRandom(0) });
      federated.forEach((w, i) => (maxDiff = Math.max(maxDiff, Math.abs(w - (central[i] as number)))));
    }
    expect(maxDiff).toBeLessThanOrEqual(1e-9);
    expect(model.accuracy(federated, data.test)).toBeGreaterThan(0.9);
  });
});

describe('model hash', () => {
  it('should bind parameter bytes and shape', () => {
    const p = Float64Array.of(1, 2, 3, 4, 5, 6);
    const h = modelHash(p, [2, 3]);
    expect(h).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(modelHash(Float64Array.of(1, 2, 3, 4, 5, 6), [2, 3])).toBe(h);
    expect(modelHash(p, [3, 2])).not.toBe(h);
    expect(modelHash(Float64Array.of(1, 2, 3, 4, 5, 6 + 1e-15), [2, 3])).not.toBe(h);
    expect(modelHash(Float64Array.of(-0), [1])).toBe(modelHash(Float64Array.of(0), [1]));
    expect(() => modelHash(p, [2, 2])).toThrow(/does not hold/);
  });
});
