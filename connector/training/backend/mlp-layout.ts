import type { MlpSpec } from './model-spec.js';
import { seededRandom } from './seeded-random.js';

/**
 * The MLP's parameters as one number[], layer by layer from the input: each dense layer's kernel (inputs × units,
 * row-major: kernel[i][u] at i·units + u, as TensorFlow.js stores it), then its bias (units). The last layer maps to
 * the classes. Aggregation, hashing, clipping and noise see only this vector.
 */
export interface MlpShape {
  spec: MlpSpec;
  features: number;
  classes: number;
}

/** [inputs, units] of every dense layer in order. */
export function denseLayers(s: MlpShape): [number, number][] {
  const sizes = [s.features, ...s.spec.hidden, s.classes];
  return sizes.slice(1).map((units, l) => [sizes[l] as number, units]);
}

export function mlpParameterCount(s: MlpShape): number {
  return denseLayers(s).reduce((n, [i, u]) => n + i * u + u, 0);
}

/** Glorot-uniform kernels and zero biases, drawn from the plan's seed (so every coordinator starts from the same model). */
export function initialMlpParams(s: MlpShape, seed: number): number[] {
  const random = seededRandom(seed);
  const out: number[] = [];
  for (const [i, u] of denseLayers(s)) {
    const limit = Math.sqrt(6 / (i + u));
    for (let k = 0; k < i * u; k++) out.push((random() * 2 - 1) * limit);
    for (let k = 0; k < u; k++) out.push(0);
  }
  return out;
}

const ACTIVATE = { relu: (v: number) => Math.max(0, v), tanh: Math.tanh, sigmoid: (v: number) => 1 / (1 + Math.exp(-v)) };

/** The forward pass in plain TypeScript (float64, no dropout at inference): class probabilities for one input row. */
export function mlpProbabilities(params: readonly number[], s: MlpShape, x: ArrayLike<number>): number[] {
  let h: number[] = Array.from(x);
  let offset = 0;
  const layers = denseLayers(s);
  layers.forEach(([inputs, units], l) => {
    const next = new Array<number>(units).fill(0);
    for (let u = 0; u < units; u++) {
      let z = params[offset + inputs * units + u] ?? 0;
      for (let i = 0; i < inputs; i++) z += (h[i] ?? 0) * (params[offset + i * units + u] ?? 0);
      next[u] = l < layers.length - 1 ? ACTIVATE[s.spec.activation](z) : z;
    }
    offset += inputs * units + units;
    h = next;
  });
  const max = Math.max(...h);
  const e = h.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}
