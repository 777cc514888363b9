import { describe, expect, it } from 'vitest';
import { penguinPlan } from './backend/baselines.js';
import { boundUpdate, updateBound } from './update-bound.js';

const norm = (v: readonly number[], from: readonly number[]) => Math.sqrt(v.reduce((s, x, i) => s + (x - (from[i] ?? 0)) ** 2, 0));

describe('norm bounding of updates at the coordinator (attack table row 9)', () => {
  it("should leave room for the honest sites' noise above the clip norm, and have no bound without one", () => {
    expect(updateBound(penguinPlan({ clipNorm: 5, noiseMultiplier: 0 }), 15)).toBe(5);
    expect(updateBound(penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 }), 16)).toBeCloseTo(5 * 1.12, 10);
    expect(updateBound(penguinPlan({}), 15)).toBeUndefined();
    // A site whose floor adds more noise than the plan asks for signs what it applied: the bound follows, up to z = 1.
    expect(updateBound(penguinPlan({ clipNorm: 5, noiseMultiplier: 0 }), 16, 0.05)).toBeCloseTo(5 * 1.6, 10);
    expect(updateBound(penguinPlan({ clipNorm: 5, noiseMultiplier: 0.05 }), 16, 0)).toBeCloseTo(5 * 1.6, 10);
    expect(updateBound(penguinPlan({ clipNorm: 5, noiseMultiplier: 0 }), 16, 50)).toBeCloseTo(5 * 13, 10);
    expect(updateBound(penguinPlan({ clipNorm: 5, noiseMultiplier: 0 }), 16, Number.NaN)).toBe(5);
  });

  it('should scale a 100× update down to the bound, in its own direction, and leave an honest one alone', () => {
    const global = [1, -1, 0.5];
    const honest = [1.3, -1.4, 0.5];
    expect(boundUpdate(global, honest, 5)).toEqual({ params: honest, norm: expect.closeTo(0.5, 12), clipped: false });
    const poisoned = global.map((g, i) => g + 100 * ((honest[i] ?? 0) - g));
    const bounded = boundUpdate(global, poisoned, 5);
    expect(bounded.clipped).toBe(true);
    expect(bounded.norm).toBeCloseTo(50, 10);
    expect(norm(bounded.params, global)).toBeCloseTo(5, 10);
    expect((bounded.params[0] ?? 0) - 1).toBeCloseTo(3, 10); // 0.3 / 0.5 × 5: same direction
    expect(boundUpdate(global, poisoned, undefined).params).toEqual(poisoned);
  });
});
