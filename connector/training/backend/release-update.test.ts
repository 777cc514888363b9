import { describe, expect, it } from 'vitest';
import { releaseUpdate } from './release-update.js';
import { seededRandom } from './seeded-random.js';

const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('releaseUpdate (the site privacy filter)', () => {
  it('should clip the update, not the model, to the clip norm', () => {
    const global = [1, 1, 1];
    const { params, updateNorm } = releaseUpdate(global, [4, 5, 1], { clipNorm: 1, noiseMultiplier: 0 }, seededRandom(1));
    expect(norm(params.map((v, i) => v - (global[i] ?? 0)))).toBeCloseTo(1, 12);
    expect(updateNorm).toBe(1);
    expect(params[0]).toBeCloseTo(1 + 3 / 5, 12);
  });

  it('should leave a small update as it is, and add noise of the asked size', () => {
    expect(releaseUpdate([0, 0], [0.1, 0.2], { clipNorm: 5, noiseMultiplier: 0 }, seededRandom(1)).params).toEqual([0.1, 0.2]);
    const size = 20_000;
    const noisy = releaseUpdate(new Array<number>(size).fill(0), new Array<number>(size).fill(0), { clipNorm: 2, noiseMultiplier: 0.5 }, seededRandom(7)).params;
    const sd = Math.sqrt(noisy.reduce((s, v) => s + v * v, 0) / size);
    expect(sd).toBeGreaterThan(0.95);
    expect(sd).toBeLessThan(1.05); // σ = 0.5 · 2
  });
});
