import { gaussian } from './seeded-random.js';

/**
 * The site's privacy filter on a locally trained model, applied before anything leaves (site-level DP): the update
 * Δ = w_local − w_global is clipped to L2 norm `clipNorm` (0: not clipped), and Gaussian noise
 * N(0, (noiseMultiplier·clipNorm)²) is added to each coordinate. Returns the released model and the clipped norm.
 */
export function releaseUpdate(
  global: readonly number[],
  local: readonly number[],
  bounds: { clipNorm: number; noiseMultiplier: number },
  random: () => number,
): { params: number[]; updateNorm: number } {
  const delta = local.map((v, p) => v - (global[p] ?? 0));
  const norm = Math.sqrt(delta.reduce((s, v) => s + v * v, 0));
  const scale = bounds.clipNorm > 0 && norm > bounds.clipNorm ? bounds.clipNorm / norm : 1;
  const sigma = bounds.noiseMultiplier * bounds.clipNorm;
  const params = delta.map((v, p) => (global[p] ?? 0) + v * scale + (sigma > 0 ? sigma * gaussian(random) : 0));
  return { params, updateNorm: Math.min(norm, bounds.clipNorm || norm) };
}
