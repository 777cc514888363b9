import { trainDpSgd } from './dp-sgd-train.js';
import { releaseUpdate } from './release-update.js';
import { seededRandom } from './seeded-random.js';
import { evaluate, gradient, type SoftmaxShape } from './softmax-regression.js';

export interface LocalTrainingJob {
  shape: SoftmaxShape;
  rows: { x: number[]; y: number }[];
  global: number[];
  localEpochs: number;
  learningRate: number;
  batchSize: number;
  clipNorm: number;
  noiseMultiplier: number;
  seed: number;
  /** Under a differential-privacy budget (`fl:epsilon`): DP-SGD, per-row clipping and noise at every step (dp-sgd-train.ts). */
  dpSgd?: boolean;
}

/**
 * Local mini-batch gradient descent from the global model, then the site's privacy filter on the update
 * (site-level DP, applied before anything leaves): the update Δ = w_local − w_global is clipped to L2 norm
 * `clipNorm`, and Gaussian noise N(0, (noiseMultiplier·clipNorm)²) is added to each coordinate.
 */
export function trainLocally(job: LocalTrainingJob): { params: number[]; metrics: { loss: number; accuracy: number }; updateNorm: number } {
  if (job.dpSgd) return trainDpSgd(job);
  const random = seededRandom(job.seed);
  const params = [...job.global];
  const order = job.rows.map((_, i) => i);
  for (let epoch = 0; epoch < job.localEpochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const k = Math.floor(random() * (i + 1));
      [order[i], order[k]] = [order[k] as number, order[i] as number];
    }
    for (let start = 0; start < order.length; start += job.batchSize) {
      const batch = order.slice(start, start + job.batchSize).map((i) => job.rows[i] as { x: number[]; y: number });
      const g = gradient(params, job.shape, batch);
      for (let p = 0; p < params.length; p++) params[p] = (params[p] ?? 0) - job.learningRate * (g[p] ?? 0);
    }
  }
  const released = releaseUpdate(job.global, params, job, random);
  return { params: released.params, metrics: evaluate(released.params, job.shape, job.rows), updateNorm: released.updateNorm };
}
