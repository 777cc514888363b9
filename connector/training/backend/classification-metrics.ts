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
  if (rows.length === 0) return { accuracy: NaN, balancedAccuracy: NaN, macroF1: NaN, logLoss: NaN };
  const tp = new Array<number>(classes).fill(0);
  const actual = new Array<number>(classes).fill(0);
  const predicted = new Array<number>(classes).fill(0);
  let logLoss = 0;
  for (const { p, y } of rows) {
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
    accuracy: tp.reduce((a, b) => a + b, 0) / rows.length,
    balancedAccuracy: mean(seen.map((c) => (tp[c] ?? 0) / (actual[c] ?? 1))),
    macroF1: mean(used.map(f1)),
    logLoss: logLoss / rows.length,
  };
  if (classes === 2 && seen.length === 2)
    metrics.rocAuc = rocAuc(
      rows.map((r) => r.p[1] ?? 0),
      rows.map((r) => r.y === 1),
    );
  return metrics;
}

/** ROC-AUC as the Mann–Whitney statistic: the share of (positive, negative) pairs the score orders right, ties counting half. */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number {
  const order = scores.map((s, i) => ({ s, pos: positive[i] === true })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]?.s === order[i]?.s) j++;
    const rank = (i + 1 + j) / 2; // average of ranks i+1 … j
    for (let k = i; k < j; k++) if (order[k]?.pos) rankSum += rank;
    i = j;
  }
  const nPos = order.filter((o) => o.pos).length;
  const nNeg = order.length - nPos;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
