import { describe, expect, it } from 'vitest';
import { extraMetrics } from './evaluation-summary.js';

describe("the round's metrics beside accuracy", () => {
  it('are sample-weighted means over the sites that reported them', () => {
    const summary = extraMetrics([
      { sampleCount: 10, accuracy: 0.9, loss: 0.3, balancedAccuracy: 0.8, macroF1: 0.7, rocAuc: 0.95 },
      { sampleCount: 30, accuracy: 0.7, loss: 0.6, balancedAccuracy: 0.6, macroF1: 0.5 },
      { sampleCount: 20, accuracy: 0.5, loss: 0.9 },
    ]);
    expect(summary.balancedAccuracy).toBeCloseTo((10 * 0.8 + 30 * 0.6) / 40, 12);
    expect(summary.macroF1).toBeCloseTo((10 * 0.7 + 30 * 0.5) / 40, 12);
    expect(summary.rocAuc).toBeCloseTo(0.95, 12);
    expect(extraMetrics([{ sampleCount: 5, accuracy: 1, loss: 0 }])).toEqual({});
  });
});
