import { describe, expect, it } from 'vitest';
import { RowMatrixBuilder } from '../data/row-matrix.js';
import { trainLocally } from './local-train.js';
import { evaluateWith, modelMath } from './model-math.js';
import { seededRandom } from './seeded-random.js';
import { rowAt, rowCount } from './training-rows.js';

// Rows whose features are exact in float32, so that a matrix holds them unchanged: the two paths must then agree exactly.
const random = seededRandom(9);
const objects = Array.from({ length: 300 }, () => {
  const x = [random() * 4 - 2, random() * 4 - 2, random() < 0.5 ? 1 : 0].map((v) => Math.fround(v));
  return { x, y: (x[0] ?? 0) * (x[1] ?? 0) + (x[2] ?? 0) > 0.3 ? 1 : 0 };
});
const builder = new RowMatrixBuilder(3, 64);
for (const r of objects) builder.add(r.x, r.y);
const matrix = builder.finish();
const shape = { features: 3, classes: 2 };
const common = { shape, localEpochs: 2, learningRate: 0.3, batchSize: 16, clipNorm: 1, noiseMultiplier: 0.1, seed: 5 };

describe('training on a compact matrix is training on the same rows as objects', () => {
  it('reads every row back as it was added', () => {
    expect(rowCount(matrix)).toBe(300);
    objects.forEach((r, i) => {
      expect(Array.from(rowAt(matrix, i).x)).toEqual(r.x);
      expect(rowAt(matrix, i).y).toBe(r.y);
    });
  });

  it('gives the same update, bit for bit, for softmax regression, DP-SGD and an MLP', () => {
    const global = new Array<number>(8).fill(0);
    // The same injected noise source on both paths (the site's own noise is the CSPRNG's, never the same twice).
    const noise = () => seededRandom(17);
    expect(trainLocally({ ...common, rows: matrix, global }, noise())).toEqual(trainLocally({ ...common, rows: objects, global }, noise()));
    expect(trainLocally({ ...common, rows: matrix, global, dpSgd: true }, noise())).toEqual(trainLocally({ ...common, rows: objects, global, dpSgd: true }, noise()));
    const model = { type: 'mlp' as const, hidden: [4], activation: 'tanh' as const, optimizer: 'adam' as const, learningRate: 0.05, batchSize: 16, localEpochs: 2 };
    const math = modelMath(model, 3, 2);
    const start = math.initialParams(3);
    const onMatrix = trainLocally({ ...common, rows: matrix, global: start, model }, noise());
    expect(onMatrix).toEqual(trainLocally({ ...common, rows: objects, global: start, model }, noise()));
    expect(evaluateWith(math, onMatrix.params, matrix)).toEqual(evaluateWith(math, onMatrix.params, objects));
  });
});
