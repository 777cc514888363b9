import { describe, expect, it } from 'vitest';
import { accuracyShortfall } from './accuracy-gate.js';

describe('the demo’s accuracy gate', () => {
  it('passes federated accuracy above the centralized baseline by any margin, and within the tolerance below it', () => {
    expect(accuracyShortfall(1, 0.98 - 0.05, 0.02)).toBeUndefined();
    expect(accuracyShortfall(1, 0.98, 0.02)).toBeUndefined();
    expect(accuracyShortfall(0.965, 0.98, 0.02)).toBeUndefined();
  });

  it('fails federated accuracy more than the tolerance below the baseline, or none at all, saying by how much', () => {
    expect(accuracyShortfall(0.95, 0.98, 0.02)).toBe('federated accuracy 95.0 % falls more than 2 points below centralized 98.0 %');
    expect(accuracyShortfall(Number.NaN, 0.98, 0.03)).toBe('federated accuracy NaN % falls more than 3 points below centralized 98.0 %');
  });
});
