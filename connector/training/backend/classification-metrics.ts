import { BinnedRocAuc } from './binned-roc-auc.js';

/** Up to this many rows ROC-AUC is exact (a score and a flag held per row); above, binned in fixed memory (binned-roc-auc.ts). */
export const EXACT_ROC_AUC_ROWS = 1 << 20;

/** A model's scores on labelled rows: class probabilities `p` and the true class index `y`. */
export type Scored = { p: readonly number[]; y: number };

/** Evaluation metrics beside accuracy; `rocAuc` for two classes only (the second class's probability as the score). */
export interface ClassificationMetrics {
  accuracy: number;
  balancedAccuracy: number;
  macroF1: number;
  logLoss: number;
  rocAuc?: number;
}

const argmax = (p: readonly number[]) => p.indexOf(Math.max(...p));

/**
 * Balanced accuracy is the mean recall over the classes that occur in the rows; macro-F1 the mean of 2TP / (2TP + FP + FN)
 * over the classes that occur or are predicted; log-loss the mean −ln p(true class), p floored at 1e-12. NaN without rows.
 */
export function classificationMetrics(rows: readonly Scored[], classes: number): ClassificationMetrics {
  return scoredMetrics(rows.length, (i) => rows[i] as Scored, classes);
}

/**
 * The same metrics over `count` rows scored one at a time by `at(i)`, in order (each called once, nothing held per row
 * beyond a float64 score and a flag for an exact ROC-AUC, and above EXACT_ROC_AUC_ROWS rows not even that): evaluation
 * over a large test split in bounded memory.
 */
export function scoredMetrics(count: number, at: (i: number) => Scored, classes: number): ClassificationMetrics {
  if (count === 0) return { accuracy: NaN, balancedAccuracy: NaN, macroF1: NaN, logLoss: NaN };
  const tp = new Array<number>(classes).fill(0);
  const actual = new Array<number>(classes).fill(0);
  const predicted = new Array<number>(classes).fill(0);
  let logLoss = 0;
  const exact = classes === 2 && count <= EXACT_ROC_AUC_ROWS;
  const scores = exact ? new Float64Array(count) : undefined;
  const positive = exact ? new Uint8Array(count) : undefined;
  const binned = classes === 2 && !exact ? new BinnedRocAuc() : undefined;
  for (let i = 0; i < count; i++) {
    const { p, y } = at(i);
    if (scores && positive) {
      scores[i] = p[1] ?? 0;
      positive[i] = y === 1 ? 1 : 0;
    }
    binned?.add(p[1] ?? 0, y === 1);
    const guess = argmax(p);
    actual[y] = (actual[y] ?? 0) + 1;
    predicted[guess] = (predicted[guess] ?? 0) + 1;
    if (guess === y) tp[y] = (tp[y] ?? 0) + 1;
    logLoss -= Math.log(Math.max(p[y] ?? 0, 1e-12));
  }
  const seen = [...Array(classes).keys()].filter((c) => (actual[c] ?? 0) > 0);
  const used = [...Array(classes).keys()].filter((c) => (actual[c] ?? 0) > 0 || (predicted[c] ?? 0) > 0);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const f1 = (c: number) => (2 * (tp[c] ?? 0)) / ((actual[c] ?? 0) + (predicted[c] ?? 0));
  const metrics: ClassificationMetrics = {
    accuracy: tp.reduce((a, b) => a + b, 0) / count,
    balancedAccuracy: mean(seen.map((c) => (tp[c] ?? 0) / (actual[c] ?? 1))),
    macroF1: mean(used.map(f1)),
    logLoss: logLoss / count,
  };
  if (seen.length === 2 && classes === 2) metrics.rocAuc = scores && positive ? rocAuc(scores, positive) : (binned as BinnedRocAuc).value();
  return metrics;
}

/** ROC-AUC as the Mann–Whitney statistic: the share of (positive, negative) pairs the score orders right, ties counting half. */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean | number>): number {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const score = (k: number) => scores[order[k] as number] ?? 0;
  const isPositive = (k: number) => Boolean(positive[order[k] as number]);
  order.sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  let rankSum = 0;
  let nPos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && score(j) === score(i)) j++;
    const rank = (i + 1 + j) / 2; // average of ranks i+1 … j
    for (let k = i; k < j; k++)
      if (isPositive(k)) {
        rankSum += rank;
        nPos++;
      }
    i = j;
  }
  const nNeg = order.length - nPos;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
