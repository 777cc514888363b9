import { ConnectorError } from '../../../core/index.js';

export interface WeightedVector {
  readonly values: Float64Array;
  readonly sampleCount: number;
}

/** Σ n_k·v_k / Σ n_k (McMahan et al. 2017). Throws when there is nothing to average or sizes differ. */
export function weightedMean(parts: readonly WeightedVector[]): Float64Array {
  const first = parts[0];
  if (!first) throw new ConnectorError('VALIDATION_FAILED', { detail: 'FedAvg needs at least one update' });
  const total = parts.reduce((s, p) => s + p.sampleCount, 0);
  if (!(total > 0)) throw new ConnectorError('VALIDATION_FAILED', { detail: 'FedAvg needs a positive total sample count' });
  const out = new Float64Array(first.values.length);
  for (const p of parts) {
    if (p.values.length !== out.length) throw new ConnectorError('VALIDATION_FAILED', { detail: `update of ${p.values.length} values, expected ${out.length}` });
    const w = p.sampleCount / total;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + w * (p.values[i] as number);
  }
  return out;
}

/**
 * One FedAvg step over deltas: w_{t+1} = w_t + Σ n_k·Δ_k / Σ n_k. Without clipping or noise this is
 * exactly the sample-weighted mean of the sites' new parameters, since Σ n_k (w_t + Δ_k) / Σ n_k = w_t + mean Δ.
 */
export function applyFedAvg(global: Float64Array, deltas: readonly WeightedVector[]): Float64Array {
  const mean = weightedMean(deltas);
  return Float64Array.from(global, (w, i) => w + (mean[i] as number));
}
