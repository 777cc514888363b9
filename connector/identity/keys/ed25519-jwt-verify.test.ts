import { generateKeyPairSync } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { signEd25519Jws } from './ed25519-jws.js';
import { verifyEd25519Jwt } from './ed25519-jwt-verify.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const NOW = 1_800_000_000;
const claims = { iss: 'did:web:a', sub: 'did:web:a', aud: 'did:web:b', iat: NOW, exp: NOW + 60, jti: 'j1' };
const at = new Date(NOW * 1000);
const options = { audience: 'did:web:b', currentDate: at, clockTolerance: 5, requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'] };
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Both verifiers' verdict: the payload, or the jose error class and claim. */
async function verdicts(jwt: string, key = publicKey, o: object = options) {
  const sync = (() => {
    try {
      return { ok: verifyEd25519Jwt(jwt, key, o).payload };
    } catch (error) {
      return { error: (error as Error).constructor.name, claim: (error as errors.JWTClaimValidationFailed).claim };
    }
  })();
  const jose = await jwtVerify(jwt, key, { algorithms: ['EdDSA'], ...o }).then(
    (r) => ({ ok: r.payload }),
    (error: unknown) => ({ error: (error as Error).constructor.name, claim: (error as errors.JWTClaimValidationFailed).claim }),
  );
  return { sync, jose };
}

describe('EdDSA JWT verified synchronously, with jose’s claims checks', () => {
  it('should accept what jwtVerify accepts, with the same payload and header', async () => {
    const jwt = signEd25519Jws({ alg: 'EdDSA', kid: 'did:web:a#k1' }, claims, privateKey);
    const { sync, jose } = await verdicts(jwt);
    expect(sync).toEqual({ ok: claims });
    expect(sync).toEqual(jose);
    expect(verifyEd25519Jwt(jwt, publicKey, options).protectedHeader).toEqual({ alg: 'EdDSA', kid: 'did:web:a#k1' });
  });

  it.each([
    ['expired', { ...claims, exp: NOW - 6 }, 'JWTExpired', 'exp'],
    ['not yet valid', { ...claims, nbf: NOW + 60 }, 'JWTClaimValidationFailed', 'nbf'],
    ['for another audience', { ...claims, aud: 'did:web:c' }, 'JWTClaimValidationFailed', 'aud'],
    ['without a jti', { ...claims, jti: undefined }, 'JWTClaimValidationFailed', 'jti'],
    ['with a text exp', { ...claims, exp: 'soon' }, 'JWTClaimValidationFailed', 'exp'],
  ])('should refuse a token %s as jwtVerify does', async (_name, payload, error, claim) => {
    const { sync, jose } = await verdicts(signEd25519Jws({ alg: 'EdDSA' }, payload as Record<string, unknown>, privateKey));
    expect(sync).toEqual({ error, claim });
    expect(sync).toEqual(jose);
  });

  it('should refuse a changed payload, another key, a changed header and a wrong issuer', async () => {
    const jwt = signEd25519Jws({ alg: 'EdDSA' }, claims, privateKey);
    const [h, , s] = jwt.split('.');
    expect((await verdicts(`${h}.${b64({ ...claims, sub: 'did:web:x' })}.${s}`)).sync).toMatchObject({ error: 'JWSSignatureVerificationFailed' });
    expect((await verdicts(jwt, generateKeyPairSync('ed25519').publicKey)).sync).toMatchObject({ error: 'JWSSignatureVerificationFailed' });
    expect((await verdicts(`${b64({ alg: 'EdDSA', kid: 'x' })}.${jwt.split('.')[1]}.${s}`)).sync).toMatchObject({ error: 'JWSSignatureVerificationFailed' });
    expect((await verdicts(jwt, publicKey, { ...options, issuer: 'did:web:z' })).sync).toMatchObject({ error: 'JWTClaimValidationFailed', claim: 'iss' });
  });

  it('should refuse other algorithms, crit and b64 headers, malformed tokens and keys that are not Ed25519 public keys', () => {
    const payload = b64(claims);
    expect(() => verifyEd25519Jwt(`${b64({ alg: 'none' })}.${payload}.`, publicKey, options)).toThrow(errors.JWSInvalid);
    expect(() => verifyEd25519Jwt(`${b64({ alg: 'HS256' })}.${payload}.c2ln`, publicKey, options)).toThrow(errors.JOSEAlgNotAllowed);
    expect(() => verifyEd25519Jwt(`${b64({ alg: 'EdDSA', crit: ['b64'], b64: false })}.${payload}.c2ln`, publicKey, options)).toThrow(errors.JWSInvalid);
    for (const bad of ['', 'a.b', 'a.b.c.d', 'a+b.c.d']) expect(() => verifyEd25519Jwt(bad, publicKey, options)).toThrow(errors.JWSInvalid);
    expect(() => verifyEd25519Jwt(signEd25519Jws({ alg: 'EdDSA' }, claims, privateKey), privateKey, options)).toThrow(/Ed25519 public key/);
  });
});
