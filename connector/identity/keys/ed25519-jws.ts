import { sign, type KeyObject } from 'node:crypto';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A compact JWS (RFC 7515) signed EdDSA with an Ed25519 private KeyObject, synchronously through node:crypto: the
 * same bytes a JOSE library would produce for this header and payload, without WebCrypto's key import and thread-pool
 * round trip (every protocol request signs several tokens). The header must say `alg: EdDSA`.
 */
export function signEd25519Jws(header: { alg: 'EdDSA'; [name: string]: unknown }, payload: Record<string, unknown>, privateKey: KeyObject): string {
  if (privateKey.asymmetricKeyType !== 'ed25519' || privateKey.type !== 'private') throw new TypeError('an Ed25519 private key is needed');
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}
