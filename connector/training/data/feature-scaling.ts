import { ConnectorError } from '../../../core/index.js';

/** Sufficient statistics of a set of feature vectors: a site can share these instead of rows. */
export interface FeatureStatistics {
  readonly n: number;
  readonly sum: readonly number[];
  readonly sumOfSquares: readonly number[];
}

/** Standardisation: x' = (x − mean) / std, per feature. Public: it travels in the training plan. */
export interface FeatureScaling {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export function featureStatistics(vectors: readonly (readonly number[])[], width: number): FeatureStatistics {
  const sum = new Array<number>(width).fill(0);
  const sumOfSquares = new Array<number>(width).fill(0);
  for (const v of vectors) {
    for (let j = 0; j < width; j++) {
      const x = v[j] as number;
      sum[j] = (sum[j] as number) + x;
      sumOfSquares[j] = (sumOfSquares[j] as number) + x * x;
    }
  }
  return { n: vectors.length, sum, sumOfSquares };
}

/** Adds the statistics of several sites: the result equals the statistics of the pooled rows. */
export function mergeStatistics(parts: readonly FeatureStatistics[]): FeatureStatistics {
  const width = parts[0]?.sum.length ?? 0;
  const add = (key: 'sum' | 'sumOfSquares') => Array.from({ length: width }, (_, j) => parts.reduce((s, p) => s + (p[key][j] as number), 0));
  return { n: parts.reduce((s, p) => s + p.n, 0), sum: add('sum'), sumOfSquares: add('sumOfSquares') };
}

/** Mean and population standard deviation; a constant feature gets std 1 (left centred, not scaled). */
export function scalingFrom(stats: FeatureStatistics): FeatureScaling {
  if (stats.n < 1) throw new ConnectorError('VALIDATION_FAILED', { detail: 'feature scaling needs at least one row' });
  const mean = stats.sum.map((s) => s / stats.n);
  const std = stats.sumOfSquares.map((q, j) => {
    const variance = Math.max(q / stats.n - (mean[j] as number) ** 2, 0);
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  return { mean, std };
}

export function standardize(x: readonly number[], scaling: FeatureScaling): Float64Array {
  return Float64Array.from(scaling.mean, (m, j) => ((x[j] as number) - m) / (scaling.std[j] as number));
}
