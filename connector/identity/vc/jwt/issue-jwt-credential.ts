import { SignJWT, type JWTPayload } from 'jose';
import { idOf, isObject, issuerOf, subjectsOf, type JsonObject } from '../credential-fields.js';
import type { JwtCredentialProfile } from './jwt-credential.js';
import type { JwtSigner } from './jwt-signer.js';

const seconds = (iso: unknown): number | undefined => (typeof iso === 'string' && Number.isFinite(Date.parse(iso)) ? Math.floor(Date.parse(iso) / 1000) : undefined);

/**
 * Secures an unsigned credential as a JWT signed by its issuer. `vc11-sl2021/jwt`: the credential (VC 1.1 fields,
 * `issuanceDate`/`expirationDate`) goes into the `vc` claim, with `iss`, `sub` (EDC requires it), `jti`, `nbf`, `iat`,
 * `exp` copied from it. `vc20-bssl/jwt`: the payload is the credential (`validFrom`/`validUntil`) plus the same claims.
 */
export async function issueJwtCredential(unsigned: JsonObject, signer: JwtSigner, profile: JwtCredentialProfile): Promise<string> {
  if (issuerOf(unsigned) !== signer.did) throw new Error(`the credential's issuer is not ${signer.did}`);
  const subject = subjectsOf(unsigned)[0];
  const from = seconds(profile === 'vc11-sl2021/jwt' ? unsigned.issuanceDate : unsigned.validFrom);
  const until = seconds(profile === 'vc11-sl2021/jwt' ? unsigned.expirationDate : unsigned.validUntil);
  const jti = idOf(unsigned);
  const claims: JWTPayload = {
    ...(profile === 'vc11-sl2021/jwt' ? { vc: unsigned } : unsigned),
    iss: signer.did,
    ...(isObject(subject) && typeof subject.id === 'string' ? { sub: subject.id } : {}),
    ...(jti !== undefined ? { jti } : {}),
    ...(from !== undefined ? { nbf: from, iat: from } : {}),
    ...(until !== undefined ? { exp: until } : {}),
  };
  return new SignJWT(claims).setProtectedHeader({ alg: signer.alg, typ: profile === 'vc11-sl2021/jwt' ? 'JWT' : 'vc+jwt', kid: signer.kid }).sign(signer.key);
}
