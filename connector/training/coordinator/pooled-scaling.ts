import type { FeatureStatistics } from '../training-backend.js';

/**
 * Pools the sites' feature statistics into one scaling (pure): the count-weighted mean, and the deviation from the
 * law of total variance, Σ nₖ(σₖ² + (μₖ − μ)²) / Σ nₖ. With exact counts this equals the statistics of the union of
 * the sites' rows; with bucketed counts it is close. A column without spread gets deviation 1.
 */
export function pooledScaling(sites: readonly FeatureStatistics[]): { mean: number[]; std: number[] } {
  const total = sites.reduce((n, s) => n + s.sampleCount, 0) || 1;
  const width = sites[0]?.mean.length ?? 0;
  const mean = Array.from({ length: width }, (_, j) => sites.reduce((acc, s) => acc + s.sampleCount * (s.mean[j] ?? 0), 0) / total);
  const std = mean.map((m, j) => Math.sqrt(sites.reduce((acc, s) => acc + s.sampleCount * ((s.variance[j] ?? 0) + ((s.mean[j] ?? 0) - m) ** 2), 0) / total) || 1);
  return { mean, std };
}
