import type { Example, Model } from './model.js';
import { permutation, type Random } from './seeded-random.js';

export interface DescentOptions {
  epochs: number;
  learningRate: number;
  /** Examples per step; 0, or ≥ the number of examples, means full batch (one step per epoch, no shuffling). */
  batchSize: number;
  /** Shuffles the examples each epoch (mini-batch only). */
  random: Random;
}

/**
 * Plain (mini-batch) gradient descent: `epochs` passes over the examples; each pass shuffles them with
 * the seeded generator and takes one step per batch, w ← w − lr·∇L(batch). Returns new parameters.
 */
export function gradientDescent(model: Model, start: Float64Array, examples: readonly Example[], options: DescentOptions): Float64Array {
  const w = Float64Array.from(start);
  const n = examples.length;
  if (n === 0) return w;
  const fullBatch = options.batchSize <= 0 || options.batchSize >= n;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    if (fullBatch) {
      step(w, model.gradient(w, examples), options.learningRate);
      continue;
    }
    const order = permutation(n, options.random);
    for (let from = 0; from < n; from += options.batchSize) {
      const batch = order.slice(from, from + options.batchSize).map((i) => examples[i] as Example);
      step(w, model.gradient(w, batch), options.learningRate);
    }
  }
  return w;
}

function step(w: Float64Array, g: Float64Array, lr: number): void {
  for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - lr * (g[i] as number);
}
