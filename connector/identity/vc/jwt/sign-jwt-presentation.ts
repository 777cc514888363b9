import { decodeJwt, SignJWT } from 'jose';
import { randomIds, type Clock, type IdGenerator } from '../../../../core/index.js';
import { isObject } from '../credential-fields.js';
import type { JwtSigner } from './jwt-signer.js';

export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
const PRESENTATION_EXCHANGE_CONTEXT = 'https://identity.foundation/presentation-exchange/submission/v1';

export interface JwtPresentationInput {
  holder: JwtSigner;
  /** Compact credential JWTs of one data model (VC 1.1 `vc` claim, or VC 2.0 payloads), as the homogeneity rule asks. */
  credentials: readonly string[];
  /** The verifier's DID. */
  audience: string;
  clock: Clock;
  ids?: IdGenerator;
  /** Short, as EDC (default 60 s). */
  ttlSeconds?: number;
}

/**
 * A presentation as JWT, as EDC and the DCP TCK produce it: for VC 1.1 credentials a `vp` claim listing the JWTs
 * (`vc11-sl2021/jwt`); for VC 2.0 ones a presentation payload holding `EnvelopedVerifiableCredential`s
 * (`vc20-bssl/jwt`). `iss` = `sub` = the holder, `aud` = the verifier, `jti`, `iat`/`nbf`/`exp`.
 */
export async function signJwtPresentation(input: JwtPresentationInput): Promise<string> {
  const now = Math.floor(input.clock.now() / 1000);
  const vc20 = input.credentials.length > 0 && input.credentials.every((c) => !isObject(decodeJwt(c).vc));
  const claims = vc20
    ? {
        '@context': [VC_V2_CONTEXT],
        type: ['VerifiablePresentation'],
        holder: input.holder.did,
        verifiableCredential: input.credentials.map((c) => ({ '@context': [VC_V2_CONTEXT], type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${c}` })),
      }
    : { vp: { '@context': [VC_V1_CONTEXT, PRESENTATION_EXCHANGE_CONTEXT], type: 'VerifiablePresentation', verifiableCredential: [...input.credentials] } };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: input.holder.alg, typ: vc20 ? 'vp+jwt' : 'JWT', kid: input.holder.kid })
    .setIssuer(input.holder.did)
    .setSubject(input.holder.did)
    .setAudience(input.audience)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + (input.ttlSeconds ?? 60))
    .setJti((input.ids ?? randomIds).next())
    .sign(input.holder.key);
}
