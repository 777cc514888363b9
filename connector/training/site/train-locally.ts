import { ConnectorError } from '../../../core/index.js';
import { createModel } from '../model/create-model.js';
import { gradientDescent } from '../model/gradient-descent.js';
import { deriveSeed, seededRandom } from '../model/seeded-random.js';
import { addGaussianNoise, clipL2 } from './clip-and-noise.js';
import { effectivePrivacy } from './privacy-bounds.js';
import type { LocalTrainingJob, LocalTrainingResult } from './training-job.js';

/**
 * One site's round: gradient descent from the global parameters for `plan.localEpochs` epochs, then the
 * site's egress filter on the update Δ = w_local − w_global: clip ‖Δ‖₂ to C and add N(0, (z·C)²) per
 * coordinate, with C and z the strictest of request, agreement and site (effectivePrivacy).
 *
 * DP variant: *local, site-level* DP — each site perturbs its own update before it leaves (the
 * coordinator is not trusted with raw updates), unlike central DP (noise σ = z·C/m added to the mean
 * by the aggregator). It protects the site's whole data set per round; no ε accounting here.
 * Deterministic for a given seed: shuffling and noise use separate streams derived from it.
 */
export function trainLocally(job: LocalTrainingJob): LocalTrainingResult {
  const { plan } = job;
  if (!(Number.isInteger(plan.localEpochs) && plan.localEpochs >= 1 && plan.learningRate > 0 && Number.isInteger(plan.batchSize) && plan.batchSize >= 0)) {
    throw new ConnectorError('VALIDATION_FAILED', { detail: 'plan needs localEpochs ≥ 1, learningRate > 0, batchSize ≥ 0 (integers)' });
  }
  if (job.rows.length === 0) throw new ConnectorError('VALIDATION_FAILED', { detail: 'a site cannot train on zero rows' });
  const privacy = effectivePrivacy(job.privacy);
  const model = createModel(job.spec);
  const global = Float64Array.from(job.globalParams);
  const local = gradientDescent(model, global, job.rows, { epochs: plan.localEpochs, learningRate: plan.learningRate, batchSize: plan.batchSize, random: seededRandom(deriveSeed(job.seed, 1)) });
  const delta = Float64Array.from(local, (w, i) => w - (global[i] as number));
  const { clipped, normBefore } = clipL2(delta, privacy.clipNorm);
  const noiseStd = privacy.noiseMultiplier * (Number.isFinite(privacy.clipNorm) ? privacy.clipNorm : 0);
  const values = addGaussianNoise(clipped, noiseStd, seededRandom(deriveSeed(job.seed, 2)));
  let clippedNorm = 0;
  for (const x of clipped) clippedNorm += x * x;
  return {
    update: { kind: 'delta', values },
    sampleCount: job.rows.length,
    metrics: {
      lossBefore: model.loss(global, job.rows), lossAfter: model.loss(local, job.rows), trainAccuracy: model.accuracy(local, job.rows),
      updateNorm: normBefore, clippedNorm: Math.sqrt(clippedNorm), clipNorm: privacy.clipNorm, noiseMultiplier: privacy.noiseMultiplier, noiseStd,
    },
  };
}
