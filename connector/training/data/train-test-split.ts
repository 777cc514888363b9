import { permutation, seededRandom } from '../model/seeded-random.js';
import type { Penguin } from './penguins.js';

export interface Split<T> {
  readonly train: T[];
  readonly test: T[];
}

/**
 * A deterministic train/test split: within each group (the island, so that every site keeps test rows)
 * the records are shuffled with the seeded generator and the first ⌈testShare·n⌉ go to the test set.
 * Output keeps file order, so the same seed always yields the same arrays.
 */
export function splitTrainTest(rows: readonly Penguin[], options: { seed: number; testShare: number }): Split<Penguin> {
  const random = seededRandom(options.seed);
  const testIds = new Set<number>();
  const groups = new Map<string, Penguin[]>();
  for (const row of rows) groups.set(row.island, [...(groups.get(row.island) ?? []), row]);
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key) ?? [];
    const order = permutation(group.length, random);
    const take = Math.ceil(options.testShare * group.length);
    for (const i of order.slice(0, take)) testIds.add((group[i] as Penguin).index);
  }
  return { train: rows.filter((r) => !testIds.has(r.index)), test: rows.filter((r) => testIds.has(r.index)) };
}
