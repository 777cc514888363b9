import { createPublicKey, type KeyObject } from 'node:crypto';
import type { VerificationMethod } from '../did/did-document.js';
import { multibaseToPublicKey } from '../keys/multikey.js';

/** Public keys already built, by their encoding (every token and receipt a peer signs names the same few keys). */
const KEYS = new Map<string, KeyObject>();
function remember(encoded: string, key: KeyObject): KeyObject {
  if (KEYS.size >= 1000) KEYS.clear();
  KEYS.set(encoded, key);
  return key;
}

/**
 * The Ed25519 public key of a verification method (Multikey `publicKeyMultibase`, or an OKP
 * `publicKeyJwk` as in JsonWebKey2020), or undefined for any other key type. Public keys only,
 * so the 64-byte `d` of pitfall 9 cannot arise here.
 */
export function ed25519PublicKey(vm: VerificationMethod): KeyObject | undefined {
  try {
    if (typeof vm.publicKeyMultibase === 'string') {
      const known = KEYS.get(vm.publicKeyMultibase);
      if (known) return known;
      const raw = multibaseToPublicKey(vm.publicKeyMultibase);
      if (!raw) return undefined;
      return remember(vm.publicKeyMultibase, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' }));
    }
    const jwk = vm.publicKeyJwk;
    if (jwk && jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string' && jwk.d === undefined) {
      return KEYS.get(`jwk:${jwk.x}`) ?? remember(`jwk:${jwk.x}`, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }));
    }
  } catch {
    // malformed key material
  }
  return undefined;
}
