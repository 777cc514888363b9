/**
 * The masking field: integers modulo 2^48, which JavaScript numbers add exactly (a sum of two stays below 2^53).
 * A real value x is encoded as round(x · 2^16) modulo 2^48, so a sum of encodings decodes correctly while its true
 * value stays within ±2^31 (the weighted FedAvg numerator: sample count × parameter, summed over the sites).
 */
export const FIELD_BITS = 48;
export const MODULUS = 2 ** FIELD_BITS;
export const SCALE = 2 ** 16;
const HALF = MODULUS / 2;
/** A single encoded value must stay well inside the field so that the sum of up to 2^14 of them still decodes. */
const LIMIT = 2 ** 46 / 2 ** 14;

export const addMod = (a: number, b: number): number => (a + b) % MODULUS;
export const subMod = (a: number, b: number): number => (a - b + MODULUS) % MODULUS;

/** Encodes a vector; throws RangeError when a value is not finite or too large for the field. */
export function encodeVector(values: readonly number[]): number[] {
  return values.map((x) => {
    const scaled = Math.round(x * SCALE);
    if (!Number.isFinite(scaled) || Math.abs(scaled) >= LIMIT) throw new RangeError(`value ${x} cannot be encoded in the masking field`);
    return scaled < 0 ? scaled + MODULUS : scaled;
  });
}

export function decodeVector(encoded: readonly number[]): number[] {
  return encoded.map((y) => (y >= HALF ? y - MODULUS : y) / SCALE);
}

export function addVectors(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => addMod(x, b[i] ?? 0));
}
