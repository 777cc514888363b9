import { describe, expect, it } from 'vitest';
import { trainLocally } from './local-train.js';
import { evaluateWith, modelMath } from './model-math.js';
import { checkModelSpec, type MlpSpec } from './model-spec.js';
import { seededRandom, gaussian } from './seeded-random.js';

/** Two concentric rings of radius 1 and 2.5 with a little noise: not linearly separable. */
function rings(n: number, seed: number): { x: number[]; y: number }[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const y = i % 2;
    const angle = random() * 2 * Math.PI;
    const r = (y === 0 ? 1 : 2.5) + 0.2 * gaussian(random);
    return { x: [r * Math.cos(angle), r * Math.sin(angle)], y };
  });
}

const mlp = (over: Partial<MlpSpec> = {}): MlpSpec => ({
  type: 'mlp',
  hidden: [16, 16],
  activation: 'relu',
  optimizer: 'adam',
  learningRate: 0.02,
  batchSize: 32,
  localEpochs: 30,
  ...over,
});
const shape = { features: 2, classes: 2 };

describe('models on TensorFlow.js', () => {
  it('a one-layer dense softmax on TensorFlow.js matches the plain-TypeScript softmax regression (same rows, init, order, plain SGD)', () => {
    const rows = rings(200, 1).map((r) => ({ x: [r.x[0] ?? 0, r.x[1] ?? 0, (r.x[0] ?? 0) * 0.5 - 0.3], y: r.y + ((r.x[0] ?? 0) > 1 ? 1 : 0) }));
    const s = { features: 3, classes: 3 };
    const common = { shape: s, rows, localEpochs: 3, learningRate: 0.3, batchSize: 16, clipNorm: 0, noiseMultiplier: 0, seed: 5 };
    const reference = trainLocally({ ...common, global: new Array<number>(12).fill(0) }).params;
    const tfjs = trainLocally({
      ...common,
      global: new Array<number>(12).fill(0),
      model: mlp({ hidden: [], optimizer: 'sgd', learningRate: 0.3, batchSize: 16, localEpochs: 3 }),
    }).params;
    // tfjs layout: kernel[features][classes], then bias; the reference: W[classes][features], then b.
    const asReference = [...[0, 1, 2].flatMap((c) => [0, 1, 2].map((j) => tfjs[j * 3 + c] ?? NaN)), ...tfjs.slice(9)];
    const worst = Math.max(...reference.map((v, p) => Math.abs(v - (asReference[p] ?? NaN))));
    expect(reference.some((v) => Math.abs(v) > 0.1)).toBe(true);
    // float32 in TensorFlow.js against float64 in the reference: the largest difference measured is 7.7e-8 (parameters of order 1).
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it('an MLP beats softmax regression by a clear margin on concentric rings, and training is reproducible from the seed', () => {
    const train = rings(400, 2);
    const test = rings(200, 3);
    const softmax = modelMath('softmax-regression', 2, 2);
    const linear = trainLocally({
      shape,
      rows: train,
      global: softmax.initialParams(1),
      localEpochs: 30,
      learningRate: 0.5,
      batchSize: 32,
      clipNorm: 0,
      noiseMultiplier: 0,
      seed: 4,
    }).params;
    const spec = mlp({ dropout: 0.1 });
    const math = modelMath(spec, 2, 2);
    const job = { shape, rows: train, global: math.initialParams(1), localEpochs: 1, learningRate: 1, batchSize: 1, clipNorm: 0, noiseMultiplier: 0, seed: 4, model: spec };
    const deep = trainLocally(job).params;
    expect(deep).toHaveLength(2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2);
    const linearAccuracy = evaluateWith(softmax, linear, test).accuracy;
    const deepAccuracy = evaluateWith(math, deep, test).accuracy;
    expect(linearAccuracy).toBeLessThan(0.7);
    expect(deepAccuracy).toBeGreaterThan(0.95);
    expect(trainLocally(job).params).toEqual(deep);
    expect(trainLocally({ ...job, seed: 5 }).params).not.toEqual(deep);
  });

  it('FedProx keeps the local model nearer the global one as μ grows', () => {
    const rows = rings(200, 6);
    const spec = mlp({ optimizer: 'sgd', learningRate: 0.1, localEpochs: 5 });
    const global = modelMath(spec, 2, 2).initialParams(2);
    const drift = (proximalMu: number) => {
      const p = trainLocally({ shape, rows, global, localEpochs: 1, learningRate: 1, batchSize: 1, clipNorm: 0, noiseMultiplier: 0, seed: 1, model: spec, proximalMu }).params;
      return Math.sqrt(p.reduce((s, v, i) => s + (v - (global[i] ?? 0)) ** 2, 0));
    };
    const free = drift(0);
    const held = drift(5);
    expect(held).toBeLessThan(free * 0.6);
    const softmaxDrift = (proximalMu: number) =>
      trainLocally({ shape, rows, global: [0.5, 0.5, 0.5, 0.5, 0, 0], localEpochs: 5, learningRate: 0.5, batchSize: 16, clipNorm: 0, noiseMultiplier: 0, seed: 1, proximalMu })
        .params;
    expect(softmaxDrift(5)).not.toEqual(softmaxDrift(0));
  });

  it('refuses a model spec with unknown fields or bad values, naming each', () => {
    expect(() => checkModelSpec(mlp())).not.toThrow();
    expect(() => checkModelSpec('softmax-regression')).not.toThrow();
    expect(() => checkModelSpec({ ...mlp(), layers: 3, momentum: 0.9 })).toThrow(/model\.layers is not a model field.*model\.momentum is not a model field/);
    expect(() => checkModelSpec(mlp({ activation: 'gelu' as never, dropout: 1, optimizer: 'rmsprop' as never, hidden: [0] }))).toThrow(/hidden.*activation.*dropout.*optimizer/);
    expect(() => checkModelSpec('linear')).toThrow(/'softmax-regression' or an object/);
    expect(() =>
      trainLocally({
        shape,
        rows: rings(10, 1),
        global: modelMath(mlp(), 2, 2).initialParams(1),
        localEpochs: 1,
        learningRate: 1,
        batchSize: 1,
        clipNorm: 1,
        noiseMultiplier: 1,
        seed: 1,
        model: mlp(),
        dpSgd: true,
      }),
    ).toThrow(/DP-SGD/);
  });
});
