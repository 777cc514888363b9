import type { AggregationPlan } from './aggregation-plan.js';

/** The coordinator's optimizer state between rounds (FedAdam, FedYogi): first and second moments per parameter. */
export interface ServerOptimizerState {
  m: number[];
  v: number[];
}

export const SERVER_OPTIMIZER_DEFAULTS = { beta1: 0.9, beta2: 0.99, tau: 1e-3 } as const;

/**
 * Adaptive federated optimization (Reddi et al. 2021, "Adaptive Federated Optimization"): the FedAvg of the round's
 * updates gives the pseudo-gradient Δ = avg − x; m ← β1·m + (1 − β1)·Δ; FedAdam: v ← β2·v + (1 − β2)·Δ²; FedYogi:
 * v ← v − (1 − β2)·Δ²·sign(v − Δ²); x ← x + η·m / (√v + τ). The moments start at m = 0 and v = τ². Pure.
 */
export function serverOptimizerStep(
  aggregation: AggregationPlan,
  global: readonly number[],
  averaged: readonly number[],
  state: ServerOptimizerState | undefined,
): { params: number[]; state: ServerOptimizerState } {
  const { beta1, beta2, tau } = { ...SERVER_OPTIMIZER_DEFAULTS, ...definedOnly(aggregation) };
  const eta = aggregation.serverLearningRate ?? 0.01;
  const m = state?.m ?? global.map(() => 0);
  const v = state?.v ?? global.map(() => tau * tau);
  const nextM: number[] = [];
  const nextV: number[] = [];
  const params = global.map((x, p) => {
    const delta = (averaged[p] ?? x) - x;
    const d2 = delta * delta;
    const mp = beta1 * (m[p] ?? 0) + (1 - beta1) * delta;
    const vOld = v[p] ?? tau * tau;
    const vp = aggregation.strategy === 'fedyogi' ? vOld - (1 - beta2) * d2 * Math.sign(vOld - d2) : beta2 * vOld + (1 - beta2) * d2;
    nextM.push(mp);
    nextV.push(vp);
    return x + (eta * mp) / (Math.sqrt(vp) + tau);
  });
  return { params, state: { m: nextM, v: nextV } };
}

function definedOnly(a: AggregationPlan): Partial<Record<'beta1' | 'beta2' | 'tau', number>> {
  return Object.fromEntries((['beta1', 'beta2', 'tau'] as const).flatMap((k) => (a[k] === undefined ? [] : [[k, a[k]]])));
}
