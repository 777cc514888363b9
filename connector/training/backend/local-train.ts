import { trainDpSgd } from './dp-sgd-train.js';
import { releaseUpdate } from './release-update.js';
import { seededRandom } from './seeded-random.js';
import { secureRandom } from './secure-random.js';
import { evaluate, gradient, type SoftmaxShape } from './softmax-regression.js';
import { evaluateWith, modelMath } from './model-math.js';
import type { MlpSpec } from './model-spec.js';
import { trainTfjs } from './tfjs-train.js';
import { isRowFile } from '../data/row-file.js';
import { batchRows, epochBatches } from './epoch-batches.js';
import { rowOrder, rowsAt, shuffleInPlace, type EncodedRow, type TrainingRows } from './training-rows.js';

export interface LocalTrainingJob {
  shape: SoftmaxShape;
  /** Row objects, a compact matrix (own data: handed to the worker in shared memory, never copied), or a row file (read in blocks). */
  rows: TrainingRows;
  global: number[];
  localEpochs: number;
  learningRate: number;
  batchSize: number;
  clipNorm: number;
  noiseMultiplier: number;
  /** The plan's seed plus the round: public, so it drives public things only (the mini-batch order, a model's dropout masks). */
  seed: number;
  /** Under a differential-privacy budget (`fl:epsilon`): DP-SGD, per-row clipping and noise at every step (dp-sgd-train.ts). */
  dpSgd?: boolean;
  /** An MLP spec: trained on TensorFlow.js (its own optimizer and hyper-parameters); absent: plain-TypeScript softmax regression. */
  model?: MlpSpec;
  /** FedProx: the proximal term μ/2·‖w − w_global‖² in the local loss (0 or absent: none). */
  proximalMu?: number;
}

/**
 * Local mini-batch gradient descent from the global model, then the site's privacy filter on the update
 * (site-level DP, applied before anything leaves): the update Δ = w_local − w_global is clipped to L2 norm
 * `clipNorm`, and Gaussian noise N(0, (noiseMultiplier·clipNorm)²) is added to each coordinate.
 * `privacyRandom` is the source of that noise and of DP-SGD's noise and sampling: by default the CSPRNG
 * (secure-random.ts), never the job's public seed (tests inject a seeded one to reproduce a run).
 */
export function trainLocally(
  job: LocalTrainingJob,
  privacyRandom: () => number = secureRandom(),
): { params: number[]; metrics: { loss: number; accuracy: number }; updateNorm: number } {
  if (job.dpSgd && (job.model || job.proximalMu)) throw new Error('DP-SGD runs for plain softmax regression without FedProx only');
  if (job.dpSgd) return trainDpSgd(job, privacyRandom);
  const random = seededRandom(job.seed);
  const mu = job.proximalMu ?? 0;
  if (job.model) {
    const trained = trainTfjs({ shape: { spec: job.model, ...job.shape }, rows: job.rows, global: job.global, proximalMu: mu, random });
    const released = releaseUpdate(job.global, trained, job, privacyRandom);
    const math = modelMath(job.model, job.shape.features, job.shape.classes);
    return { params: released.params, metrics: evaluateWith(math, released.params, job.rows), updateNorm: released.updateNorm };
  }
  const params = [...job.global];
  const step = (batch: readonly EncodedRow[]) => {
    const g = gradient(params, job.shape, batch);
    for (let p = 0; p < params.length; p++) params[p] = (params[p] ?? 0) - job.learningRate * ((g[p] ?? 0) + mu * ((params[p] ?? 0) - (job.global[p] ?? 0)));
  };
  if (isRowFile(job.rows)) {
    const batches = epochBatches(job.rows, job.shape.features);
    try {
      for (let epoch = 0; epoch < job.localEpochs; epoch++) for (const batch of batches.epoch(job.batchSize, random)) step(batchRows(batch, job.shape.features));
    } finally {
      batches.close();
    }
  } else {
    const order = rowOrder(job.rows);
    for (let epoch = 0; epoch < job.localEpochs; epoch++) {
      shuffleInPlace(order, random);
      for (let start = 0; start < order.length; start += job.batchSize) step(rowsAt(job.rows, order.subarray(start, start + job.batchSize)));
    }
  }
  const released = releaseUpdate(job.global, params, job, privacyRandom);
  return { params: released.params, metrics: evaluate(released.params, job.shape, job.rows), updateNorm: released.updateNorm };
}
