import { describe, expect, it } from 'vitest';
import { createModel } from './create-model.js';
import { gradientDescent } from './gradient-descent.js';
import type { Example } from './model.js';
import { deriveSeed, permutation, seededRandom, standardNormal } from './seeded-random.js';

const spec = { kind: 'softmax-regression', features: 2, classes: 3 } as const;
const model = createModel(spec);
const examples: Example[] = [
  { x: Float64Array.of(1, 0), y: 0 }, { x: Float64Array.of(0.9, 0.1), y: 0 },
  { x: Float64Array.of(0, 1), y: 1 }, { x: Float64Array.of(0.1, 0.8), y: 1 },
  { x: Float64Array.of(-1, -1), y: 2 }, { x: Float64Array.of(-0.8, -1.1), y: 2 },
];

describe('softmax regression', () => {
  it('should lay out [classes × (features + 1)] and start uniform', () => {
    expect(model.shape).toEqual([3, 3]);
    expect(model.parameterCount).toBe(9);
    const p = model.probabilities(model.initialParameters(), Float64Array.of(5, -2));
    Array.from(p).forEach((v) => expect(v).toBeCloseTo(1 / 3, 12));
    expect(model.loss(model.initialParameters(), examples)).toBeCloseTo(Math.log(3), 12);
  });

  it('should have a gradient that matches central finite differences', () => {
    const random = seededRandom(3);
    const w = Float64Array.from({ length: 9 }, () => standardNormal(random));
    const g = model.gradient(w, examples);
    for (let i = 0; i < 9; i++) {
      const up = Float64Array.from(w); up[i] = (up[i] as number) + 1e-6;
      const down = Float64Array.from(w); down[i] = (down[i] as number) - 1e-6;
      expect(g[i]).toBeCloseTo((model.loss(up, examples) - model.loss(down, examples)) / 2e-6, 6);
    }
  });

  it('should learn a separable problem with full-batch and mini-batch descent, reproducibly', () => {
    const full = gradientDescent(model, model.initialParameters(), examples, { epochs: 200, learningRate: 0.5, batchSize: 0, random: seededRandom(1) });
    expect(model.accuracy(full, examples)).toBe(1);
    const mini = (seed: number) => gradientDescent(model, model.initialParameters(), examples, { epochs: 50, learningRate: 0.5, batchSize: 2, random: seededRandom(seed) });
    expect(model.accuracy(mini(1), examples)).toBe(1);
    expect(mini(1)).toEqual(mini(1));
    expect(mini(1)).not.toEqual(mini(2));
    expect(model.loss(mini(1), examples)).toBeLessThan(Math.log(3));
  });

  it('should reject wrong parameter counts and unknown kinds', () => {
    expect(() => model.predict(new Float64Array(4), Float64Array.of(0, 0))).toThrow(/expected 9 parameters/);
    expect(() => createModel({ kind: 'mlp' } as never)).toThrow(/unknown model kind/);
    expect(model.accuracy(model.initialParameters(), [])).toBe(0);
  });

  it('should draw the same seeded numbers every time, roughly standard normal', () => {
    expect(permutation(10, seededRandom(5))).toEqual(permutation(10, seededRandom(5)));
    expect([...permutation(10, seededRandom(5))].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const r = seededRandom(9);
    const draws = Array.from({ length: 20000 }, () => standardNormal(r));
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(deriveSeed(1, 2, 3)).not.toBe(deriveSeed(1, 3, 2));
  });
});
