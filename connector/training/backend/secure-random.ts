import { randomBytes } from 'node:crypto';

/** Bytes drawn from the operating system at a time (each uniform takes 8). */
const POOL_BYTES = 4096;

/**
 * Uniform numbers in [0, 1) from the operating system's CSPRNG (node:crypto), 53 random bits each: the randomness of
 * everything that protects privacy in local training (the Gaussian noise of DP-SGD and of the released update, and
 * DP-SGD's Poisson sampling). It is never seeded, so nothing a peer knows (the plan, its seed, the round) reproduces
 * it; the plan's seed drives public things only (the initial model, the mini-batch order of training without DP-SGD).
 */
export function secureRandom(): () => number {
  let pool = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + 8 > pool.length) {
      pool = randomBytes(POOL_BYTES);
      at = 0;
    }
    const high = pool.readUInt32BE(at) >>> 5; // 27 bits
    const low = pool.readUInt32BE(at + 4) >>> 6; // 26 bits
    at += 8;
    return (high * 67_108_864 + low) / 9_007_199_254_740_992;
  };
}
