import { createPublicKey, ECDH, type KeyObject } from 'node:crypto';
import * as base58 from 'base58-universal';
import type { VerificationMethod } from '../did/did-document.js';
import { ed25519PublicKey } from './public-key.js';

/** The JOSE algorithms Kontor verifies; each belongs to exactly one key type. */
export type JoseAlgorithm = 'EdDSA' | 'ES256';

export interface VerificationKey {
  key: KeyObject;
  /** The only algorithm a signature by this key may claim. */
  alg: JoseAlgorithm;
}

/** Multicodec header of a compressed P-256 public key (0x1200 as varint). */
const P256_HEADER = [0x80, 0x24];

/**
 * The public key of a verification method and the algorithm it signs with: Ed25519 (Multikey or an OKP
 * `publicKeyJwk`, as in JsonWebKey2020) or P-256 (Multikey `zDn…` or an EC `publicKeyJwk`); undefined for
 * anything else or malformed material. Private members (`d`) make a key unusable, never silently dropped.
 */
export function verificationKey(vm: VerificationMethod): VerificationKey | undefined {
  const ed = ed25519PublicKey(vm);
  if (ed) return { key: ed, alg: 'EdDSA' };
  try {
    if (typeof vm.publicKeyMultibase === 'string') return p256FromMultibase(vm.publicKeyMultibase);
    const jwk = vm.publicKeyJwk;
    if (jwk && jwk.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.x === 'string' && typeof jwk.y === 'string' && jwk.d === undefined) {
      return { key: createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' }), alg: 'ES256' };
    }
  } catch {
    // malformed key material
  }
  return undefined;
}

function p256FromMultibase(multibase: string): VerificationKey | undefined {
  if (!multibase.startsWith('z') || /\s/.test(multibase)) return undefined;
  const bytes = base58.decode(multibase.slice(1));
  if (bytes?.length !== 35 || bytes[0] !== P256_HEADER[0] || bytes[1] !== P256_HEADER[1]) return undefined;
  const point = ECDH.convertKey(Buffer.from(bytes.slice(2)), 'prime256v1', undefined, undefined, 'uncompressed') as Buffer;
  const x = point.subarray(1, 33).toString('base64url');
  const y = point.subarray(33, 65).toString('base64url');
  return { key: createPublicKey({ key: { kty: 'EC', crv: 'P-256', x, y }, format: 'jwk' }), alg: 'ES256' };
}

/** A P-256 public key as Multikey `publicKeyMultibase` (for DID documents of ES256 signers). */
export function p256PublicKeyMultibase(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  const y = Buffer.from(String(jwk.y), 'base64url');
  const compressed = Buffer.concat([Buffer.from([(y[31] ?? 0) & 1 ? 0x03 : 0x02]), Buffer.from(String(jwk.x), 'base64url')]);
  return `z${base58.encode(Uint8Array.from([...P256_HEADER, ...compressed]))}`;
}
