import { webcrypto, type KeyObject } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
const MAX = 1000;
const cache = new Map<string, Promise<CryptoKey>>();
const byObject = new WeakMap<KeyObject, Promise<CryptoKey | KeyObject>>();

/**
 * The WebCrypto form of a public verification key, imported once per key (jose otherwise imports a KeyObject anew at
 * every verification). Keyed by the key's own JWK, so that equal keys rebuilt from a DID document share one entry;
 * Ed25519 and P-256 keys only, anything else is returned as it is.
 */
export function verifyKey(key: KeyObject): Promise<CryptoKey | KeyObject> {
  if (key.type !== 'public') return Promise.resolve(key);
  const seen = byObject.get(key);
  if (seen) return seen;
  const imported = importOnce(key);
  byObject.set(key, imported);
  return imported;
}

function importOnce(key: KeyObject): Promise<CryptoKey | KeyObject> {
  const jwk = key.export({ format: 'jwk' });
  const algorithm =
    key.asymmetricKeyType === 'ed25519' ? { name: 'Ed25519' } : key.asymmetricKeyType === 'ec' && jwk.crv === 'P-256' ? { name: 'ECDSA', namedCurve: 'P-256' } : undefined;
  if (!algorithm) return Promise.resolve(key);
  const id = `${jwk.kty}:${jwk.crv}:${jwk.x}:${jwk.y ?? ''}`;
  let found = cache.get(id);
  if (!found) {
    if (cache.size >= MAX) cache.clear();
    found = webcrypto.subtle.importKey('jwk', jwk as webcrypto.JsonWebKey, algorithm, true, ['verify']);
    cache.set(id, found);
    found.catch(() => cache.delete(id));
  }
  return found;
}
