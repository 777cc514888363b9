import type { Example } from './penguins.js';
import { forEachRow, rowCount, type EncodedRow, type TrainingRows } from './training-rows.js';

/** Softmax regression: parameters laid out as [W (classes × features) row-major, b (classes)]. */
export interface SoftmaxShape {
  features: number;
  classes: number;
}

export function parameterCount(s: SoftmaxShape): number {
  return s.classes * (s.features + 1);
}

function logits(params: readonly number[], s: SoftmaxShape, x: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let c = 0; c < s.classes; c++) {
    let z = params[s.classes * s.features + c] ?? 0;
    for (let j = 0; j < s.features; j++) z += (params[c * s.features + j] ?? 0) * (x[j] ?? 0);
    out.push(z);
  }
  return out;
}

export function probabilities(params: readonly number[], s: SoftmaxShape, x: ArrayLike<number>): number[] {
  const z = logits(params, s, x);
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** Mean cross-entropy gradient over `batch` (labels as class indices). */
export function gradient(params: readonly number[], s: SoftmaxShape, batch: readonly EncodedRow[]): number[] {
  const g = new Array<number>(params.length).fill(0);
  for (const { x, y } of batch) {
    const p = probabilities(params, s, x);
    for (let c = 0; c < s.classes; c++) {
      const d = (p[c] ?? 0) - (c === y ? 1 : 0);
      for (let j = 0; j < s.features; j++) g[c * s.features + j] = (g[c * s.features + j] ?? 0) + d * (x[j] ?? 0);
      g[s.classes * s.features + c] = (g[s.classes * s.features + c] ?? 0) + d;
    }
  }
  return g.map((v) => v / Math.max(1, batch.length));
}

export function evaluate(params: readonly number[], s: SoftmaxShape, rows: TrainingRows): { accuracy: number; loss: number } {
  let correct = 0;
  let loss = 0;
  const n = rowCount(rows);
  forEachRow(rows, (x, y) => {
    const p = probabilities(params, s, x);
    if (p.indexOf(Math.max(...p)) === y) correct++;
    loss -= Math.log(Math.max(p[y] ?? 0, 1e-12));
  });
  return { accuracy: n ? correct / n : NaN, loss: n ? loss / n : NaN };
}

/** Encodes examples with the plan's scaling and class list. */
export function encode(rows: readonly Example[], classes: readonly string[], scaling: { mean: number[]; std: number[] }): { x: number[]; y: number }[] {
  return rows.map((r) => ({ x: r.x.map((v, j) => (v - (scaling.mean[j] ?? 0)) / (scaling.std[j] ?? 1)), y: classes.indexOf(r.label) })).filter((r) => r.y >= 0);
}
