/** A seeded source of uniform numbers in [0, 1). Training code uses this, never Math.random. */
export type Random = () => number;

/**
 * SplitMix32-style generator: 32-bit state, full period, good enough for shuffling and noise in
 * reproducible experiments. Not cryptographic: never use it for keys or tokens.
 */
export function seededRandom(seed: number): Random {
  let state = (seed | 0) ^ 0x9e3779b9;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}

/** One standard normal draw (Box–Muller, using two uniforms). */
export function standardNormal(random: Random): number {
  const u = 1 - random(); // (0, 1]: log(u) is finite
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A seeded Fisher–Yates permutation of 0 … n−1. */
export function permutation(n: number, random: Random): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = order[i] as number;
    order[i] = order[j] as number;
    order[j] = a;
  }
  return order;
}

/** Derives an independent seed for a sub-task (site, round, …) from a base seed. */
export function deriveSeed(base: number, ...parts: number[]): number {
  let h = base | 0;
  for (const p of parts) h = Math.imul(h ^ (p | 0), 0x01000193) ^ (h >>> 15);
  return h | 0;
}
