import { verify, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, errors, UnsecuredJWT, type JWTClaimVerificationOptions, type JWTPayload, type ProtectedHeaderParameters } from 'jose';

/** The protected header of an unsecured JWT: jose then runs its own claims checks over a payload we verified already. */
const NONE = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Verifies an EdDSA (Ed25519) JWT synchronously with node:crypto, with jose's own claims checks (the same options and
 * error classes as `jwtVerify`: aud, iss, sub, exp, nbf, iat, required claims, clock tolerance): the same verdict as
 * `jwtVerify(jwt, key, { algorithms: ['EdDSA'], ...options })` without WebCrypto's thread-pool round trip, which every
 * training round pays several times (the site's identity token and receipt). Throws jose's errors.
 */
export function verifyEd25519Jwt(
  jwt: string,
  publicKey: KeyObject,
  options: JWTClaimVerificationOptions = {},
): { payload: JWTPayload; protectedHeader: ProtectedHeaderParameters } {
  if (publicKey.asymmetricKeyType !== 'ed25519' || publicKey.type !== 'public') throw new TypeError('an Ed25519 public key is needed');
  const parts = jwt.split('.');
  const [h = '', p = '', s = ''] = parts;
  if (parts.length !== 3 || !BASE64URL.test(h) || !BASE64URL.test(p) || !BASE64URL.test(s)) throw new errors.JWSInvalid('Invalid Compact JWS');
  const protectedHeader = decodeProtectedHeader(jwt);
  if (protectedHeader.alg !== 'EdDSA') throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  // jose honours b64 and crit (RFC 7797, RFC 7515 §4.1.11); none of our tokens uses them, so they are refused here.
  if (protectedHeader.crit !== undefined || protectedHeader.b64 !== undefined) throw new errors.JWSInvalid('unsupported "crit" or "b64" header parameter');
  if (!verify(null, Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'))) throw new errors.JWSSignatureVerificationFailed();
  const { payload } = UnsecuredJWT.decode(`${NONE}.${p}.`, options);
  return { payload, protectedHeader };
}
