import type { TrainingPlan } from './training-plan.js';

/**
 * Robust aggregation by norm bounding (attack table row 9, TFF-style): the coordinator bounds every accepted
 * update's change Δ = params − global before FedAvg, so one site's poisoned update (say 100× too large) moves the
 * model no further than an honest one can. Honest sites already clip Δ to the plan's `clipNorm` C and then add
 * Gaussian noise N(0, (z·C)²) per coordinate, so the bound leaves room for that noise: C·(1 + 3·z·√d), with z the
 * larger of the plan's and the one the site signed that it applied (its floor may be stricter), at most 1.
 * Without a clip norm in the plan there is no bound.
 */
export function updateBound(plan: TrainingPlan, parameterCount: number, appliedNoise?: number): number | undefined {
  const c = plan.clipNorm ?? 0;
  if (c <= 0) return undefined;
  const z = Math.min(MAX_NOISE, Math.max(plan.noiseMultiplier ?? 0, Number.isFinite(appliedNoise) ? (appliedNoise ?? 0) : 0));
  return c * (1 + 3 * z * Math.sqrt(parameterCount));
}

/** A site claiming more noise than this widens its bound no further. */
const MAX_NOISE = 1;

/** Δ scaled down to `bound` when longer; returns the bounded parameters, Δ's norm and whether it was cut. */
export function boundUpdate(global: readonly number[], params: readonly number[], bound: number | undefined): { params: number[]; norm: number; clipped: boolean } {
  const delta = params.map((v, i) => v - (global[i] ?? 0));
  const norm = Math.sqrt(delta.reduce((s, d) => s + d * d, 0));
  if (bound === undefined || norm <= bound) return { params: [...params], norm, clipped: false };
  const scale = bound / norm;
  return { params: delta.map((d, i) => (global[i] ?? 0) + d * scale), norm, clipped: true };
}
