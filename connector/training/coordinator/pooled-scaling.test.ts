import { describe, expect, it } from 'vitest';
import { moments } from '../backend/site-rows.js';
import { pooledScaling } from './pooled-scaling.js';

describe('pooled feature scaling', () => {
  it("should equal the mean and deviation of the union of the sites' rows", () => {
    const sites = [
      [
        [1, 0],
        [3, 1],
        [5, 1],
      ],
      [
        [10, 0],
        [12, 0],
      ],
      [[-4, 1]],
    ].map((xs) => xs.map((x) => ({ x, label: 'a' })));
    const pooled = pooledScaling(sites.map((rows) => ({ sampleCount: rows.length, ...moments(rows, 2) })));
    const union = moments(sites.flat(), 2);
    pooled.mean.forEach((m, j) => {
      expect(m).toBeCloseTo(union.mean[j] ?? NaN, 12);
    });
    pooled.std.forEach((s, j) => {
      expect(s).toBeCloseTo(Math.sqrt(union.variance[j] ?? NaN), 12);
    });
  });

  it('should give a column without spread the deviation 1', () => {
    expect(
      pooledScaling([
        { sampleCount: 3, mean: [2], variance: [0] },
        { sampleCount: 1, mean: [2], variance: [0] },
      ]),
    ).toEqual({ mean: [2], std: [1] });
  });
});
