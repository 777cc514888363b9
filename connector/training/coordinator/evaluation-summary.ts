import type { Evaluation } from '../training-backend.js';

const EXTRA = ['balancedAccuracy', 'macroF1', 'rocAuc'] as const;

/**
 * The round's balanced accuracy, macro-F1 and ROC-AUC: for each, the sample-weighted mean over the sites that reported
 * a finite value (a site's own trainer may report none; ROC-AUC exists for two classes only). Absent when none did.
 */
export function extraMetrics(evaluations: readonly Evaluation[]): Partial<Record<(typeof EXTRA)[number], number>> {
  const out: Partial<Record<(typeof EXTRA)[number], number>> = {};
  for (const key of EXTRA) {
    const reported = evaluations.filter((e) => Number.isFinite(e[key]));
    const total = reported.reduce((n, e) => n + e.sampleCount, 0);
    if (total > 0) out[key] = reported.reduce((s, e) => s + (e[key] ?? 0) * e.sampleCount, 0) / total;
  }
  return out;
}
