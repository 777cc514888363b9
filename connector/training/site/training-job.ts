import type { Example, ModelSpec } from '../model/model.js';
import type { PrivacyDemands } from './privacy-bounds.js';

/** The hyper-parameters the (agreed, hashed) plan fixes for local training. */
export interface LocalPlan {
  readonly localEpochs: number;
  readonly learningRate: number;
  /** 0 or ≥ n means full batch. */
  readonly batchSize: number;
}

/**
 * One local training job. Everything is structured-clone safe, so the job can cross into a worker
 * thread. `rows` are the site's (already standardised) examples: they stay inside `trainLocally`.
 */
export interface LocalTrainingJob {
  readonly spec: ModelSpec;
  readonly globalParams: Float64Array;
  readonly rows: readonly Example[];
  readonly plan: LocalPlan;
  /** Requested by the coordinator, bounded by the agreement, floored by the site: the strictest applies. */
  readonly privacy: PrivacyDemands;
  readonly seed: number;
}

export interface LocalTrainingMetrics {
  readonly lossBefore: number;
  readonly lossAfter: number;
  readonly trainAccuracy: number;
  /** ‖Δ‖₂ before clipping, after clipping (before noise), and the values applied. */
  readonly updateNorm: number;
  readonly clippedNorm: number;
  readonly clipNorm: number;
  readonly noiseMultiplier: number;
  readonly noiseStd: number;
}

/** What leaves the site: a delta, a count and aggregate metrics. Never rows, never per-example values. */
export interface LocalTrainingResult {
  readonly update: { readonly kind: 'delta'; readonly values: Float64Array };
  readonly sampleCount: number;
  readonly metrics: LocalTrainingMetrics;
}
