import { standardNormal, type Random } from '../model/seeded-random.js';

export function l2Norm(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

/** Scales v down (never up) so that ‖v‖₂ ≤ clipNorm. Returns a new array and the norm before clipping. */
export function clipL2(v: Float64Array, clipNorm: number): { clipped: Float64Array; normBefore: number; scale: number } {
  const normBefore = l2Norm(v);
  const scale = normBefore > clipNorm ? clipNorm / normBefore : 1;
  return { clipped: scale === 1 ? Float64Array.from(v) : Float64Array.from(v, (x) => x * scale), normBefore, scale };
}

/** Adds independent N(0, σ²) to every coordinate, from the seeded generator. σ = 0 returns a copy. */
export function addGaussianNoise(v: Float64Array, sigma: number, random: Random): Float64Array {
  if (sigma === 0) return Float64Array.from(v);
  return Float64Array.from(v, (x) => x + sigma * standardNormal(random));
}
