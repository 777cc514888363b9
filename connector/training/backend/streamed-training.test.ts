import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOwnMatrix } from '../data/own-matrix.js';
import { isRowFile, type RowFile } from '../data/row-file.js';
import { scaleMatrixInPlace, type RowMatrix } from '../data/row-matrix.js';
import { trainLocally } from './local-train.js';
import { evaluateWith, modelMath } from './model-math.js';
import { rowCursor } from './row-cursor.js';
import { seededRandom } from './seeded-random.js';
import { forEachRow } from './training-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-streamed-training-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 1,200 rows, two measurements and a category; the label is a noisy linear rule, so softmax regression learns it.
const random = seededRandom(21);
const lines = Array.from({ length: 1200 }, () => {
  const [a, b] = [random() * 4 - 2, random() * 4 - 2];
  const kind = random() < 0.5 ? 'p' : 'q';
  return `${a.toFixed(3)},${b.toFixed(3)},${kind},${a - b + (kind === 'p' ? 0.5 : -0.5) + (random() - 0.5) > 0 ? 'yes' : 'no'}`;
});
const path = join(dir, 'site.csv');
writeFileSync(path, `a,b,kind,ok\n${lines.join('\n')}\n`);
const schema = {
  features: [
    { name: 'a', type: 'numeric' },
    { name: 'b', type: 'numeric' },
    { name: 'kind', type: 'categorical', categories: ['p', 'q'] },
  ],
  label: { name: 'ok', classes: ['no', 'yes'] },
  missingValues: { rule: 'drop' },
};
const address = { type: 'TrainingData', format: 'csv', path, schema };
const scaling = { mean: [0.1, -0.1, 0, 0], std: [1.2, 1.1, 1, 1] };
const shape = { features: 4, classes: 2 };
const common = { shape, localEpochs: 2, learningRate: 0.3, batchSize: 16, clipNorm: 0, noiseMultiplier: 0, seed: 5 };

async function bothWays(): Promise<{ memory: RowMatrix; file: RowFile }> {
  const [inMemory, spilled] = await Promise.all([loadOwnMatrix(address), loadOwnMatrix(address, undefined, undefined, { aboveBytes: 0, dir })]);
  if (!isRowFile(spilled.train)) throw new Error('expected a row file');
  return { memory: scaleMatrixInPlace(inMemory.train, scaling, [0, 1]), file: { ...spilled.train, scaling } };
}

describe('training on a row file (own data above the in-memory limit)', () => {
  it('holds the same rows as the in-memory matrix, scaled the same, read in order by evaluation', async () => {
    const { memory, file } = await bothWays();
    expect(file.count).toBe(memory.count);
    const fromFile: number[] = [];
    const fromMemory: number[] = [];
    forEachRow(file, (x, y) => fromFile.push(...Array.from(x), y));
    forEachRow(memory, (x, y) => fromMemory.push(...Array.from(x), y));
    expect(fromFile).toEqual(fromMemory);
    const cursor = rowCursor(file);
    expect(Array.from(cursor.at(file.count - 1).x)).toEqual(fromMemory.slice(-5, -1));
    expect(() => cursor.at(file.count)).toThrow(RangeError);
    cursor.close();
  });

  it('learns, reproducibly for a seed, and evaluates exactly as the matrix does', async () => {
    const { memory, file } = await bothWays();
    const global = new Array<number>(10).fill(0);
    const once = trainLocally({ ...common, rows: file, global });
    expect(trainLocally({ ...common, rows: file, global })).toEqual(once);
    expect(trainLocally({ ...common, rows: file, global, seed: 6 }).params).not.toEqual(once.params);
    expect(once.metrics.accuracy).toBeGreaterThan(0.8);
    // The order of the rows differs from the in-memory path (blocks shuffled, then rows within a window), the result hardly.
    expect(Math.abs(once.metrics.accuracy - trainLocally({ ...common, rows: memory, global }).metrics.accuracy)).toBeLessThan(0.03);
    const math = modelMath('softmax-regression', 4, 2);
    expect(evaluateWith(math, once.params, file)).toEqual(evaluateWith(math, once.params, memory));
  });

  it('trains an MLP on TensorFlow.js from the file, reproducibly', async () => {
    const { file } = await bothWays();
    const model = { type: 'mlp' as const, hidden: [4], activation: 'tanh' as const, optimizer: 'adam' as const, learningRate: 0.05, batchSize: 32, localEpochs: 2, dropout: 0.1 };
    const global = modelMath(model, 4, 2).initialParams(3);
    const once = trainLocally({ ...common, rows: file, global, model });
    expect(trainLocally({ ...common, rows: file, global, model })).toEqual(once);
    expect(once.metrics.accuracy).toBeGreaterThan(0.75);
  });

  it('runs DP-SGD with Poisson sampling read from the file: reproducible from an injected source, and the in-memory result when every row is sampled', async () => {
    const { memory, file } = await bothWays();
    const global = new Array<number>(10).fill(0);
    const dp = { ...common, clipNorm: 1, noiseMultiplier: 0.5, dpSgd: true };
    const once = trainLocally({ ...dp, rows: file, global }, seededRandom(3));
    expect(trainLocally({ ...dp, rows: file, global }, seededRandom(3))).toEqual(once);
    expect(once.metrics.accuracy).toBeGreaterThan(0.7);
    // q = 1 (a batch as large as the split) and no noise: both paths take every row at every step, in row order.
    const full = { ...dp, noiseMultiplier: 0, batchSize: 5000 };
    expect(trainLocally({ ...full, rows: file, global })).toEqual(trainLocally({ ...full, rows: memory, global }));
  });
});
