import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One labelled example (features in the plan's order). */
export interface Example {
  x: number[];
  label: string;
}

export const PENGUIN_FEATURES = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
export const PENGUIN_CLASSES = ['Adelie', 'Chinstrap', 'Gentoo'];
export const PENGUIN_ISLANDS = ['Biscoe', 'Dream', 'Torgersen'];

type Row = Record<string, unknown>;

/**
 * The Palmer penguins (CC0, from the `vega-datasets` npm package, read from disk: nothing is fetched): rows
 * without measurements dropped, each assigned to a train or test split by a fixed hash of its position.
 */
export function loadPenguins(): (Example & { island: string; split: 'train' | 'test' })[] {
  const require = createRequire(import.meta.url);
  const file = join(dirname(dirname(require.resolve('vega-datasets'))), 'data', 'penguins.json');
  const rows = JSON.parse(readFileSync(file, 'utf8')) as Row[];
  return rows
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => PENGUIN_FEATURES.every((f) => typeof r[f] === 'number') && typeof r.Species === 'string')
    .map(({ r, i }) => ({ x: PENGUIN_FEATURES.map((f) => Number(r[f])), label: String(r.Species), island: String(r.Island), split: splitOf(i) }));
}

/** 75 % train, 25 % test, fixed by position (Knuth multiplicative hash), the same at every site and run. */
export function splitOf(index: number): 'train' | 'test' {
  return ((index * 2654435761) >>> 0) % 100 < 25 ? 'test' : 'train';
}

/** Mean and standard deviation of each feature (for a public scaling written into the plan). */
export function featureScaling(rows: readonly Example[]): { mean: number[]; std: number[] } {
  const n = rows.length;
  const dims = rows[0]?.x.length ?? 0;
  const mean = Array.from({ length: dims }, (_, j) => rows.reduce((s, r) => s + (r.x[j] ?? 0), 0) / n);
  const std = mean.map((m, j) => Math.sqrt(rows.reduce((s, r) => s + ((r.x[j] ?? 0) - m) ** 2, 0) / n) || 1);
  return { mean, std };
}
