import type { RoundMetrics } from '../training.js';
import type { Evaluation } from '../training-backend.js';
import { extraMetrics } from './evaluation-summary.js';

/** One accepted update of the round as the metrics show it: its count, training accuracy, change norm and whether the bound cut it. */
export interface RoundFit {
  siteDid: string;
  sampleCount: number;
  trainAccuracy: number;
  norm: number;
  clipped: boolean;
}

/**
 * A round's metrics (pure): the sample-weighted accuracy and log-loss of the new global model over the sites'
 * (checked) evaluations, the means of the other rates, and per accepted update its site's figures and evaluation.
 */
export function roundMetrics(input: {
  round: number;
  modelHash: string;
  at: number;
  evaluated: readonly { siteDid: string; evaluation: Evaluation }[];
  fits: readonly RoundFit[];
}): RoundMetrics {
  const evaluations = input.evaluated.map((e) => e.evaluation);
  const total = evaluations.reduce((n, e) => n + e.sampleCount, 0);
  const weighted = (pick: (v: Evaluation) => number) => (total === 0 ? NaN : evaluations.reduce((s, e) => s + pick(e) * e.sampleCount, 0) / total);
  return {
    round: input.round,
    accuracy: weighted((v) => v.accuracy),
    loss: weighted((v) => v.loss),
    ...extraMetrics(evaluations),
    modelHash: input.modelHash,
    at: input.at,
    sites: input.fits.map((f) => {
      const evaluation = input.evaluated.find((e) => e.siteDid === f.siteDid)?.evaluation;
      return {
        siteDid: f.siteDid,
        sampleCount: f.sampleCount,
        trainAccuracy: f.trainAccuracy,
        evalAccuracy: evaluation?.accuracy ?? NaN,
        ...(evaluation ? { evaluation } : {}),
        updateNorm: f.norm,
        clipped: f.clipped,
      };
    }),
  };
}
