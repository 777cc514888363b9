import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * A site's key-agreement keys for one round of one training (X25519, fresh every round): `mask` agrees the pairwise
 * mask seeds, `share` encrypts the Shamir shares sent to the other sites. Only the public halves leave the site.
 */
export interface RoundKeys {
  mask: KeyObject;
  share: KeyObject;
}

/** The public keys as sent: base64url raw X25519 keys (the JWK `x`). */
export interface RoundPublicKeys {
  mask: string;
  share: string;
}

export function generateRoundKeys(): RoundKeys {
  return { mask: generateKeyPairSync('x25519').privateKey, share: generateKeyPairSync('x25519').privateKey };
}

export function publicOf(keys: RoundKeys): RoundPublicKeys {
  return { mask: rawPublic(keys.mask), share: rawPublic(keys.share) };
}

export function rawPublic(key: KeyObject): string {
  return String(createPublicKey(key).export({ format: 'jwk' }).x);
}

/** The private scalar as a number (what is Shamir-shared for dropout recovery). */
export function privateScalar(key: KeyObject): bigint {
  return BigInt(`0x${Buffer.from(String(key.export({ format: 'jwk' }).d), 'base64url').toString('hex')}`);
}

/** Rebuilds a private key from its recovered scalar; throws when it does not belong to the signed public key. */
export function privateFromScalar(scalar: bigint, publicKey: string): KeyObject {
  const hex = scalar.toString(16).padStart(64, '0');
  if (hex.length !== 64) throw new RangeError('the recovered scalar is not an X25519 key');
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: Buffer.from(hex, 'hex').toString('base64url'), x: publicKey }, format: 'jwk' });
  if (rawPublic(key) !== publicKey) throw new RangeError('the recovered key does not match the signed public key');
  return key;
}

export function agree(own: KeyObject, peerPublic: string): Buffer {
  return diffieHellman({ privateKey: own, publicKey: createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: peerPublic }, format: 'jwk' }) });
}
