import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planForSchema } from '../data/plan-for-schema.js';
import { rowBytes } from '../data/row-file.js';
import { IN_MEMORY_ROWS_LIMIT_BYTES, softmaxBackend } from './softmax-backend.js';
import { seededRandom } from './seeded-random.js';
import { TrainingWorkers } from './worker-runner.js';

const root = mkdtempSync(join(tmpdir(), 'kontor-row-file-backend-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const random = seededRandom(8);
const ROWS = 2000;
const lines = Array.from({ length: ROWS }, () => {
  const [a, b] = [random() * 4 - 2, random() * 4 - 2];
  return `${a.toFixed(3)},${b.toFixed(3)},${a + 0.5 * b + (random() - 0.5) > 0 ? 'yes' : 'no'}`;
});
const path = join(root, 'site.csv');
writeFileSync(path, `a,b,ok\n${lines.join('\n')}\n`);
const schema = {
  features: [
    { name: 'a', type: 'numeric' as const },
    { name: 'b', type: 'numeric' as const },
  ],
  label: { name: 'ok', classes: ['no', 'yes'] },
  missingValues: { rule: 'drop' as const },
};
const dataset = { type: 'TrainingData', format: 'csv', path, schema };
const plan = planForSchema(schema, { localEpochs: 2 });
const workers = new TrainingWorkers();
const ENCODED = ROWS * rowBytes(2);

/** One round (statistics, training, evaluation) on a backend whose row files go to a folder of their own. */
async function round(inMemoryLimitBytes?: number) {
  const dir = mkdtempSync(join(root, 'rows-'));
  const backend = softmaxBackend(workers, { dataRoot: root, rowsDir: () => dir, ...(inMemoryLimitBytes === undefined ? {} : { inMemoryLimitBytes }) });
  const statistics = await backend.statistics({ plan, dataset });
  // No noise: the site's noise is fresh from the CSPRNG each round; what must be reproducible is the public mini-batch order.
  const update = await backend.trainLocally({ plan, dataset, global: backend.initialParams(plan), clipNorm: 1, noiseMultiplier: 0, seed: 3 });
  const evaluation = await backend.evaluateLocally({ plan, dataset, global: update.params });
  return { backend, dir, files: readdirSync(dir), statistics, update, evaluation };
}

describe('own data above the in-memory limit trains from private row files', () => {
  it('keeps the encoded rows in memory up to the limit and writes row files one byte above it (the default is 64 MiB)', async () => {
    expect(IN_MEMORY_ROWS_LIMIT_BYTES).toBe(64 << 20);
    expect((await round()).files).toEqual([]);
    expect((await round(ENCODED)).files).toEqual([]);
    const above = await round(ENCODED - 1);
    expect(above.files.sort()).toEqual([expect.stringMatching(/-test\.rows$/), expect.stringMatching(/-train\.rows$/)]);
    for (const f of above.files) expect(statSync(join(above.dir, f)).mode & 0o777).toBe(0o600);
    expect(workers.mode).toBe('worker'); // the worker thread reads the files itself
  });

  it('trains and evaluates the same rows either way: same counts and statistics, a result as good, reproducible', async () => {
    const [memory, file, again] = [await round(), await round(0), await round(0)];
    expect(file.update.sampleCount).toBe(memory.update.sampleCount);
    expect(file.evaluation.sampleCount).toBe(memory.evaluation.sampleCount);
    expect(file.statistics.sampleCount).toBe(memory.statistics.sampleCount);
    file.statistics.mean.forEach((m, j) => {
      expect(m).toBeCloseTo(memory.statistics.mean[j] ?? NaN, 9);
    });
    expect(again.update).toEqual(file.update);
    expect(again.evaluation).toEqual(file.evaluation);
    expect(file.evaluation.accuracy).toBeGreaterThan(0.8);
    expect(Math.abs(file.evaluation.accuracy - memory.evaluation.accuracy)).toBeLessThan(0.03);
  });

  it('removes the row files when the data is released, and writes them afresh for a later training', async () => {
    const { backend, dir, files } = await round(0);
    expect(files).toHaveLength(2);
    expect(await backend.release?.(dataset)).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    expect(await backend.release?.(dataset)).toBe(0);
    const update = await backend.trainLocally({ plan, dataset, global: backend.initialParams(plan), clipNorm: 1, noiseMultiplier: 0.1, seed: 3 });
    expect(update.sampleCount).toBeGreaterThan(1000);
    expect(readdirSync(dir)).toHaveLength(2);
    expect(await backend.release?.(dataset)).toBe(2);
  });
});
