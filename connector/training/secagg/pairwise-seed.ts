import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { agree } from './round-keys.js';

/** Where a pairwise secret is used: training, round, and the pair in a fixed (sorted) order. */
export interface PairContext {
  trainingId: string;
  round: number;
  a: string;
  b: string;
}

function derive(secret: Buffer, purpose: string, c: PairContext): Buffer {
  const [lo, hi] = c.a < c.b ? [c.a, c.b] : [c.b, c.a];
  return Buffer.from(hkdfSync('sha256', secret, `kontor-secagg|${c.trainingId}|${c.round}`, `${purpose}|${lo}|${hi}`, 32));
}

/** The pair's mask seed: X25519 of one site's mask key with the other's public one, through HKDF-SHA256. */
export function pairwiseSeed(own: KeyObject, peerMaskPublic: string, c: PairContext): Buffer {
  return derive(agree(own, peerMaskPublic), 'mask', c);
}

/** Encrypts a share from `from` to `to` (AES-256-GCM under their share keys' agreement), bound to training, round and direction. */
export function sealShare(own: KeyObject, peerSharePublic: string, c: PairContext & { from: string; to: string }, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(agree(own, peerSharePublic), 'share', c), iv);
  cipher.setAAD(Buffer.from(`${c.from}>${c.to}`));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Opens a sealed share; throws when it was altered or sealed for another pair, direction, training or round. */
export function openShare(own: KeyObject, peerSharePublic: string, c: PairContext & { from: string; to: string }, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', derive(agree(own, peerSharePublic), 'share', c), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(`${c.from}>${c.to}`));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
