import { randomBytes } from 'node:crypto';

/** Shamir's secret sharing over GF(p), p = 2^521 − 1 (a Mersenne prime, larger than any 32-byte secret). */
export const PRIME = 2n ** 521n - 1n;

export interface Share {
  /** The share's point, 1…n (the recipient's position among the round's sites). */
  x: number;
  y: bigint;
}

const mod = (a: bigint): bigint => ((a % PRIME) + PRIME) % PRIME;

/** Uniform over the field by rejection: 521 random bits, redrawn when ≥ p. */
function randomElement(): bigint {
  for (;;) {
    const bytes = randomBytes(66);
    bytes[0] = (bytes[0] ?? 0) & 0x01;
    const v = BigInt(`0x${bytes.toString('hex')}`);
    if (v < PRIME) return v;
  }
}

function power(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % PRIME;
    b = (b * b) % PRIME;
    e >>= 1n;
  }
  return result;
}

/** Splits a secret into shares at x = 1…n, any `threshold` of which recover it and fewer reveal nothing. */
export function splitSecret(secret: bigint, n: number, threshold: number): Share[] {
  if (!(Number.isInteger(threshold) && threshold >= 1 && threshold <= n)) throw new RangeError(`threshold ${threshold} must be between 1 and ${n}`);
  if (secret < 0n || secret >= PRIME) throw new RangeError('the secret is outside the field');
  const coefficients = [secret, ...Array.from({ length: threshold - 1 }, randomElement)];
  return Array.from({ length: n }, (_, i) => {
    const x = BigInt(i + 1);
    const y = coefficients.reduceRight((acc, c) => (acc * x + c) % PRIME, 0n);
    return { x: i + 1, y };
  });
}

/** Lagrange interpolation at 0 over the given shares (distinct points). */
export function combineShares(shares: readonly Share[]): bigint {
  if (new Set(shares.map((s) => s.x)).size !== shares.length) throw new RangeError('shares must have distinct points');
  let secret = 0n;
  for (const si of shares) {
    let num = 1n;
    let den = 1n;
    for (const sj of shares) {
      if (sj.x === si.x) continue;
      num = (num * BigInt(-sj.x)) % PRIME;
      den = (den * BigInt(si.x - sj.x)) % PRIME;
    }
    secret = mod(secret + si.y * num * power(den, PRIME - 2n));
  }
  return secret;
}
