import { describe, expect, it } from 'vitest';
import { classificationMetrics, EXACT_ROC_AUC_ROWS, rocAuc, scoredMetrics } from './classification-metrics.js';
import { BinnedRocAuc } from './binned-roc-auc.js';
import { seededRandom } from './seeded-random.js';

describe('classification metrics', () => {
  it('three classes, by hand', () => {
    // true 0,0,0,1,1,2 predicted 0,0,1,1,2,2 (argmax of p).
    const rows = [
      { p: [0.8, 0.1, 0.1], y: 0 },
      { p: [0.6, 0.3, 0.1], y: 0 },
      { p: [0.2, 0.7, 0.1], y: 0 },
      { p: [0.1, 0.5, 0.4], y: 1 },
      { p: [0.1, 0.3, 0.6], y: 1 },
      { p: [0.2, 0.2, 0.6], y: 2 },
    ];
    const m = classificationMetrics(rows, 3);
    expect(m.accuracy).toBeCloseTo(4 / 6, 12);
    // recalls 2/3, 1/2, 1/1
    expect(m.balancedAccuracy).toBeCloseTo((2 / 3 + 1 / 2 + 1) / 3, 12);
    // F1: class 0 2·2/(3+2) = 0.8, class 1 2·1/(2+2) = 0.5, class 2 2·1/(1+2) = 2/3
    expect(m.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
    expect(m.logLoss).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6) + Math.log(0.2) + Math.log(0.5) + Math.log(0.3) + Math.log(0.6)) / 6, 12);
    expect(m.rocAuc).toBeUndefined();
  });

  it('ROC-AUC for two classes, ties counting half', () => {
    // positives scored 0.9, 0.4, 0.4; negatives 0.4, 0.2. Pairs: (0.9 > 0.4, 0.2) 2; (0.4 vs 0.4) ½, (0.4 > 0.2) 1, twice → 5 of 6.
    expect(rocAuc([0.9, 0.4, 0.4, 0.4, 0.2], [true, true, true, false, false])).toBeCloseTo(5 / 6, 12);
    const m = classificationMetrics(
      [
        { p: [0.1, 0.9], y: 1 },
        { p: [0.6, 0.4], y: 1 },
        { p: [0.7, 0.3], y: 0 },
        { p: [0.4, 0.6], y: 0 },
      ],
      2,
    );
    // scores of class 1: positives 0.9, 0.4; negatives 0.3, 0.6 → pairs right: 0.9>0.3, 0.9>0.6, 0.4>0.3 = 3 of 4.
    expect(m.rocAuc).toBeCloseTo(0.75, 12);
    expect(m.balancedAccuracy).toBeCloseTo(0.5, 12);
    expect(classificationMetrics([], 2).accuracy).toBeNaN();
  });

  it('ROC-AUC above EXACT_ROC_AUC_ROWS rows is binned in fixed memory, within 1e-4 of the exact value', () => {
    const random = seededRandom(4);
    const n = EXACT_ROC_AUC_ROWS + 1;
    const score = new Float64Array(n);
    const positive = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      positive[i] = random() < 0.4 ? 1 : 0;
      score[i] = Math.min(1, Math.max(0, 0.5 + (positive[i] ? 0.15 : -0.15) + (random() - 0.5) * 0.8));
    }
    const exact = rocAuc(score, positive);
    const m = scoredMetrics(n, (i) => ({ p: [1 - (score[i] ?? 0), score[i] ?? 0], y: positive[i] ?? 0 }), 2);
    expect(m.rocAuc).not.toBe(exact);
    expect(Math.abs((m.rocAuc ?? NaN) - exact)).toBeLessThan(1e-4);
    const binned = new BinnedRocAuc();
    [0.9, 0.4, 0.4, 0.4, 0.2].forEach((s, i) => {
      binned.add(s, i < 3);
    });
    expect(binned.value()).toBeCloseTo(5 / 6, 12);
  });
});
