/**
 * mulberry32: a small, seeded PRNG for what is public and reproducible (the initial model, the mini-batch order of
 * training without DP-SGD). Never for privacy noise or DP-SGD's sampling: its 32-bit state is known from the plan's
 * seed, so noise drawn from it could be regenerated and subtracted (those use secure-random.ts).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box–Muller); `random` gives uniforms in [0, 1), so 1 − random() lies in (0, 1]. */
export function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
