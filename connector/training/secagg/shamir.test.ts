import { describe, expect, it } from 'vitest';
import { combineShares, PRIME, splitSecret } from './shamir.js';
import { decodeVector, encodeVector, MODULUS } from './fixed-point.js';
import { maskVector } from './mask-prg.js';

describe('protocol pieces', () => {
  it('any t of n Shamir shares recover the secret; t − 1 give another value', () => {
    const secret = 2n ** 255n + 12345n;
    const shares = splitSecret(secret, 5, 3);
    expect(combineShares([shares[0]!, shares[2]!, shares[4]!])).toBe(secret);
    expect(combineShares([shares[3]!, shares[1]!, shares[0]!])).toBe(secret);
    expect(combineShares([shares[0]!, shares[1]!])).not.toBe(secret);
    expect(() => splitSecret(PRIME, 3, 2)).toThrow(/outside the field/);
    expect(() => splitSecret(1n, 3, 4)).toThrow(/threshold 4/);
  });

  it('fixed-point encoding round-trips negatives and refuses what the field cannot hold', () => {
    expect(decodeVector(encodeVector([-1.5, 0, 3.25]))).toEqual([-1.5, 0, 3.25]);
    expect(encodeVector([-1])[0]).toBe(MODULUS - 2 ** 16);
    expect(() => encodeVector([2 ** 20])).toThrow(/cannot be encoded/);
    expect(() => encodeVector([Number.NaN])).toThrow(/cannot be encoded/);
  });

  it('the PRG is deterministic per seed and differs between seeds', () => {
    const seed = Buffer.alloc(32, 7);
    expect(maskVector(seed, 8)).toEqual(maskVector(seed, 8));
    expect(maskVector(Buffer.alloc(32, 8), 8)).not.toEqual(maskVector(seed, 8));
    expect(maskVector(seed, 1000).every((v) => Number.isInteger(v) && v >= 0 && v < MODULUS)).toBe(true);
  });
});
