import { ConnectorError } from '../../../core/index.js';
import type { Example, Model, ModelSpec } from './model.js';

/**
 * Multinomial logistic (softmax) regression with a bias, cross-entropy loss.
 * Layout: row c of a [classes × (features + 1)] matrix holds the weights of class c, then its bias.
 */
export function softmaxRegression(spec: ModelSpec): Model {
  const { features: f, classes: k } = spec;
  if (!Number.isInteger(f) || f < 1 || !Number.isInteger(k) || k < 2) {
    throw new ConnectorError('VALIDATION_FAILED', { detail: `softmax regression needs ≥1 feature and ≥2 classes, got ${f}×${k}` });
  }
  const stride = f + 1;
  const count = k * stride;

  const probabilities = (w: Float64Array, x: Float64Array): Float64Array => {
    const z = new Float64Array(k);
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = w[c * stride + f] as number;
      for (let j = 0; j < f; j++) s += (w[c * stride + j] as number) * (x[j] as number);
      z[c] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += z[c] = Math.exp((z[c] as number) - max);
    for (let c = 0; c < k; c++) z[c] = (z[c] as number) / sum;
    return z;
  };

  const argmax = (p: Float64Array): number => {
    let best = 0;
    for (let c = 1; c < k; c++) if ((p[c] as number) > (p[best] as number)) best = c;
    return best;
  };

  const check = (w: Float64Array) => {
    if (w.length !== count) throw new ConnectorError('VALIDATION_FAILED', { detail: `expected ${count} parameters, got ${w.length}` });
  };

  return {
    spec,
    shape: [k, stride],
    parameterCount: count,
    initialParameters: () => new Float64Array(count),
    probabilities: (w, x) => (check(w), probabilities(w, x)),
    predict: (w, x) => (check(w), argmax(probabilities(w, x))),
    loss(w, examples) {
      check(w);
      if (examples.length === 0) return 0;
      let total = 0;
      for (const e of examples) total -= Math.log(Math.max(probabilities(w, e.x)[e.y] as number, 1e-300));
      return total / examples.length;
    },
    gradient(w, examples) {
      check(w);
      const g = new Float64Array(count);
      if (examples.length === 0) return g;
      for (const e of examples) {
        const p = probabilities(w, e.x);
        for (let c = 0; c < k; c++) {
          const r = (p[c] as number) - (c === e.y ? 1 : 0);
          const row = c * stride;
          for (let j = 0; j < f; j++) g[row + j] = (g[row + j] as number) + r * (e.x[j] as number);
          g[row + f] = (g[row + f] as number) + r;
        }
      }
      for (let i = 0; i < count; i++) g[i] = (g[i] as number) / examples.length;
      return g;
    },
    accuracy(w, examples) {
      check(w);
      if (examples.length === 0) return 0;
      let right = 0;
      for (const e of examples) if (argmax(probabilities(w, e.x)) === e.y) right++;
      return right / examples.length;
    },
  };
}
