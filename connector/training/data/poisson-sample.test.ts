import { describe, expect, it } from 'vitest';
import { seededRandom } from '../backend/seeded-random.js';
import { poissonSample } from './poisson-sample.js';

describe('Poisson sampling by geometric skips', () => {
  it('draws ascending distinct indices below n, about q·n of them, each row about q of the time', () => {
    const random = seededRandom(11);
    const into = { indices: new Uint32Array(4), length: 0 };
    const hits = new Uint32Array(1000);
    let total = 0;
    for (let step = 0; step < 400; step++) {
      poissonSample(1000, 0.05, random, into);
      const drawn = Array.from(into.indices.subarray(0, into.length));
      drawn.forEach((i, k) => {
        expect(i).toBeLessThan(1000);
        if (k > 0) expect(i).toBeGreaterThan(drawn[k - 1] ?? -1);
        hits[i] = (hits[i] ?? 0) + 1;
      });
      total += into.length;
    }
    expect(total / 400).toBeGreaterThan(45);
    expect(total / 400).toBeLessThan(55);
    // Every tenth of the rows gets its share (no drift towards the start or the end).
    for (let d = 0; d < 10; d++) expect(hits.subarray(d * 100, (d + 1) * 100).reduce((a, b) => a + b, 0) / total).toBeCloseTo(0.1, 1);
  });

  it('is reproducible for a seed; q = 1 takes every row, q = 0 or no rows none', () => {
    const draw = (seed: number) => {
      const into = { indices: new Uint32Array(1), length: 0 };
      poissonSample(500, 0.1, seededRandom(seed), into);
      return Array.from(into.indices.subarray(0, into.length));
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
    const into = { indices: new Uint32Array(1), length: 0 };
    poissonSample(5, 1, seededRandom(1), into);
    expect(Array.from(into.indices.subarray(0, into.length))).toEqual([0, 1, 2, 3, 4]);
    poissonSample(5, 0, seededRandom(1), into);
    expect(into.length).toBe(0);
    poissonSample(0, 0.5, seededRandom(1), into);
    expect(into.length).toBe(0);
  });
});
