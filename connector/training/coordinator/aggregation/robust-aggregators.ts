/** Robust aggregation rules over the sites' parameter vectors (unweighted; all vectors of one length). */

const column = (updates: readonly (readonly number[])[], p: number) => updates.map((u) => u[p] ?? 0).sort((a, b) => a - b);

/** Coordinate-wise median (Yin et al. 2018). */
export function coordinateMedian(updates: readonly (readonly number[])[]): number[] {
  const size = updates[0]?.length ?? 0;
  return Array.from({ length: size }, (_, p) => {
    const c = column(updates, p);
    const mid = Math.floor(c.length / 2);
    return c.length % 2 ? (c[mid] ?? 0) : ((c[mid - 1] ?? 0) + (c[mid] ?? 0)) / 2;
  });
}

/** Coordinate-wise trimmed mean (Yin et al. 2018): per coordinate, the `trim` smallest and largest values are cut. */
export function trimmedMean(updates: readonly (readonly number[])[], trim: number): number[] {
  if (updates.length <= 2 * trim) throw new RangeError(`a trimmed mean cutting ${trim} from each end needs more than ${2 * trim} updates, got ${updates.length}`);
  const size = updates[0]?.length ?? 0;
  return Array.from({ length: size }, (_, p) => {
    const kept = column(updates, p).slice(trim, updates.length - trim);
    return kept.reduce((s, v) => s + v, 0) / kept.length;
  });
}

/**
 * Krum (Blanchard et al. 2017): scores each update by the summed squared distance to its n − f − 2 nearest others
 * and returns the update with the smallest score (ties: the earliest).
 */
export function krum(updates: readonly (readonly number[])[], byzantine: number): number[] {
  const n = updates.length;
  const neighbours = n - byzantine - 2;
  if (neighbours < 1) throw new RangeError(`Krum with f = ${byzantine} needs more than ${byzantine + 2} updates, got ${n}`);
  const distance = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, p) => s + (v - (b[p] ?? 0)) ** 2, 0);
  let best = { score: Infinity, index: 0 };
  updates.forEach((u, i) => {
    const nearest = updates
      .filter((_, j) => j !== i)
      .map((v) => distance(u, v))
      .sort((a, b) => a - b)
      .slice(0, neighbours);
    const score = nearest.reduce((s, d) => s + d, 0);
    if (score < best.score) best = { score, index: i };
  });
  return [...(updates[best.index] ?? [])];
}
