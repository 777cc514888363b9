import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import type { DidResolver } from '../../did/did-resolver.js';
import { didSigningKey } from '../../token/did-signing-key.js';
import { idOf, isObject } from '../credential-fields.js';
import { credentialJwtOf, envelopedJwtOf } from './jwt-credential.js';

/** The compact JWT of a presentation entry: a string, or an `EnvelopedVerifiablePresentation`'s data URL. */
export const presentationJwtOf = (entry: unknown): string | undefined => envelopedJwtOf(entry, 'Presentation');

export interface JwtPresentationExpectations {
  /** The caller: VP `iss` and signer. */
  holder: string;
  /** Our DID: must be in `aud`. */
  audience: string;
  nowMs: number;
  skewSeconds: number;
}

export type JwtPresentationCheck = { ok: true; payload: JWTPayload; credentialJwts: string[] } | { ok: false; problems: string[]; credentialJwts: string[] };

/**
 * A presentation as JWT: VC 1.1 style (`vp` claim whose `verifiableCredential` lists JWTs) or VC 2.0 style (the payload
 * is the presentation; credentials as `EnvelopedVerifiableCredential`). Signed by the holder (`iss`, the `kid`'s DID)
 * with EdDSA or ES256, `aud` naming us, within `nbf` and a required `exp`.
 */
export async function checkJwtPresentation(jwt: string, expected: JwtPresentationExpectations, resolver: DidResolver): Promise<JwtPresentationCheck> {
  let header: ProtectedHeaderParameters;
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(jwt);
    payload = decodeJwt(jwt);
  } catch (error) {
    return { ok: false, problems: [`not a JWT: ${(error as Error).message}`], credentialJwts: [] };
  }
  const vp = isObject(payload.vp) ? payload.vp : payload;
  const entries = Array.isArray(vp.verifiableCredential) ? vp.verifiableCredential : vp.verifiableCredential === undefined ? [] : [vp.verifiableCredential];
  const credentialJwts = entries.map(credentialJwtOf).filter((c): c is string => c !== undefined);
  const problems: string[] = [];
  if (credentialJwts.length !== entries.length) problems.push('a credential in the JWT presentation is not a JWT (mixed formats need separate presentations)');
  const issuer = typeof payload.iss === 'string' ? payload.iss : idOf(vp.holder);
  if (issuer !== expected.holder) problems.push(`presentation is not held and signed by ${expected.holder}`);
  if (vp !== payload && vp.holder !== undefined && idOf(vp.holder) !== issuer) problems.push('vp.holder is not iss');
  const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audience.includes(expected.audience)) problems.push(`wrong audience (${audience.map(String).join(', ')})`);
  const now = expected.nowMs / 1000;
  // DCP has no nonce: a short `exp` and the audience are what bound a presentation's reuse, so `exp` is required.
  if (typeof payload.exp !== 'number') problems.push('presentation has no exp');
  else if (now - expected.skewSeconds > payload.exp) problems.push('presentation expired');
  if (typeof payload.nbf === 'number' && now + expected.skewSeconds < payload.nbf) problems.push('presentation not yet valid');
  if (typeof payload.iat === 'number' && now + expected.skewSeconds < payload.iat) problems.push('presentation issued in the future');
  if (problems.length > 0 || issuer === undefined) return { ok: false, problems, credentialJwts };
  const signing = await didSigningKey(header, issuer, resolver);
  if (!signing.ok) return { ok: false, problems: [`presentation key: ${signing.reason}${signing.detail ? ` (${signing.detail})` : ''}`], credentialJwts };
  try {
    await compactVerify(jwt, signing.key.key, { algorithms: [signing.key.alg] });
  } catch {
    return { ok: false, problems: ['presentation signature does not verify'], credentialJwts };
  }
  return { ok: true, payload, credentialJwts };
}
