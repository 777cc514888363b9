import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { signEd25519Jws } from './ed25519-jws.js';
import { verifyKey } from './verify-key-cache.js';

describe('EdDSA compact JWS signed with node:crypto', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');

  it('is a JWT a JOSE library verifies, with the header and claims given', async () => {
    const jws = signEd25519Jws({ alg: 'EdDSA', typ: 'JWT', kid: 'did:web:a#k1' }, { iss: 'did:web:a', aud: 'did:web:b', exp: 4_000_000_000, n: 3 }, privateKey);
    const { payload } = await jwtVerify(jws, publicKey, { issuer: 'did:web:a', audience: 'did:web:b', algorithms: ['EdDSA'] });
    expect(payload).toMatchObject({ iss: 'did:web:a', aud: 'did:web:b', n: 3 });
    expect(decodeProtectedHeader(jws)).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: 'did:web:a#k1' });
  });

  it('does not verify under another key, nor once a byte of the payload changed', async () => {
    const jws = signEd25519Jws({ alg: 'EdDSA' }, { n: 1 }, privateKey);
    await expect(compactVerify(jws, generateKeyPairSync('ed25519').publicKey)).rejects.toThrow();
    const [h, , s] = jws.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ n: 2 })).toString('base64url')}.${s}`;
    await expect(compactVerify(forged, publicKey)).rejects.toThrow();
  });

  it('refuses any key but an Ed25519 private key', () => {
    expect(() => signEd25519Jws({ alg: 'EdDSA' }, {}, publicKey)).toThrow(/Ed25519 private key/);
    expect(() => signEd25519Jws({ alg: 'EdDSA' }, {}, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)).toThrow(/Ed25519 private key/);
  });

  it('imports a verification key once, for every KeyObject of the same key, and verifies with it', async () => {
    const again = publicKey.export({ format: 'jwk' });
    const first = await verifyKey(publicKey);
    expect(await verifyKey(createPublicKey({ key: again, format: 'jwk' }))).toBe(first);
    const jws = signEd25519Jws({ alg: 'EdDSA' }, { n: 1 }, privateKey);
    await expect(compactVerify(jws, first)).resolves.toBeDefined();
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(await verifyKey(other)).not.toBe(first);
  });
});
