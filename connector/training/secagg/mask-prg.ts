import { createCipheriv } from 'node:crypto';
import { FIELD_BITS } from './fixed-point.js';

const BYTES = FIELD_BITS / 8;

/**
 * The seeded PRG that expands a 32-byte pairwise seed into a mask: AES-256-CTR keystream (zero IV; each seed is used
 * for one vector only, being derived per training, round and pair), read as little-endian 48-bit field elements.
 */
export function maskVector(seed: Buffer, length: number): number[] {
  if (seed.length !== 32) throw new RangeError('a mask seed has 32 bytes');
  const stream = createCipheriv('aes-256-ctr', seed, Buffer.alloc(16)).update(Buffer.alloc(length * BYTES));
  const out = new Array<number>(length);
  for (let i = 0; i < length; i++) out[i] = stream.readUIntLE(i * BYTES, BYTES);
  return out;
}
