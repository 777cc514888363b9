import type { JWTPayload } from 'jose';
import type { Clock } from '../../../core/index.js';
import type { DidResolver } from '../did/did-resolver.js';
import { hasRelationship, mayAuthenticate } from '../did/select-did-url.js';
import { parseCompactJws, verifyCompactJws } from '../keys/verify-compact-jws.js';
import { didSigningKey } from './did-signing-key.js';
import { checkTokenClaims } from './token-claims.js';
import type { ReplayCache } from './replay-cache.js';

/** Each way a self-issued token can fail, as a distinct reason for the log. */
export type TokenRejection =
  | 'malformed token'
  | 'unsupported algorithm'
  | 'issuer is not subject'
  | 'issuer DID not resolvable'
  | 'key not controlled by issuer'
  | 'no key id and several keys'
  | 'unknown key'
  | 'key not authorized for authentication'
  | 'key not authorized for invocation'
  | 'unsupported key type'
  | 'algorithm does not match key'
  | 'signature invalid'
  | 'wrong audience'
  | 'token expired'
  | 'token not yet valid'
  | 'missing claim'
  | 'issued in the future'
  | 'lifetime too long'
  | 'missing access token'
  | 'replayed token id'
  | 'replay cache full'
  | 'unverifiable token';

export type TokenVerification =
  | { ok: true; issuer: string; verificationMethodId: string; accessToken: string | undefined; payload: JWTPayload; expiresAt: number; tokenId: string; replayUntil: number }
  | { ok: false; reason: TokenRejection; detail?: string };

export interface TokenVerifierOptions {
  /** Our own DID: the required `aud`. */
  audience: string;
  resolver: DidResolver;
  /** Consulted, never written: the caller spends the id (`spendTokenId`) once it is fully verified. */
  replayCache: ReplayCache;
  clock: Clock;
  /** Leeway for exp / nbf / iat (default 5 s, as EDC). */
  skewSeconds?: number;
  /** Longest accepted exp − iat; bounds the replay cache (default 3600 s). */
  maxLifetimeSeconds?: number;
  /** Require the `token` claim (default true: we need it to query the caller's credential service). */
  requireAccessToken?: boolean;
  /** Require the key under capabilityInvocation (DCP text; default false because EDC omits it). */
  requireCapabilityInvocation?: boolean;
}

const REQUIRED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'];

const reject = (reason: TokenRejection, detail?: string): TokenVerification => (detail === undefined ? { ok: false, reason } : { ok: false, reason, detail });

/**
 * Verify a DCP self-issued ID token (DCP 1.0, self-issued ID token validation), signed EdDSA (Ed25519) or ES256 (P-256)
 * with a key of the issuer's DID document whose type matches `alg` and that is listed under authentication or
 * capabilityInvocation (when the document lists either); `alg: none` and anything else are refused. Never throws for
 * what the token or the issuer's document holds: anything unexpected there is 'unverifiable token'; only a fault of
 * the replay cache's store propagates (the caller answers it as unavailable). A token whose id is remembered is refused,
 * but a fresh id is not recorded here: that is `spendTokenId`, after the caller proved it is entitled, so that
 * strangers' correctly signed tokens cannot fill the replay cache.
 */
export async function verifySelfIssuedToken(token: string, options: TokenVerifierOptions): Promise<TokenVerification> {
  let checked: TokenVerification;
  try {
    checked = await checkSignedToken(token, options);
  } catch (error) {
    // An outsider's document or token shaped in a way no check foresaw: a refusal with a reason, never a 500.
    return reject('unverifiable token', error instanceof Error ? error.message : String(error));
  }
  if (!checked.ok) return checked;
  if (await options.replayCache.seen(checked.issuer, checked.tokenId)) return reject('replayed token id');
  return checked;
}

/** Everything but the replay cache: header, issuer's key and its relationships, signature, claims. */
async function checkSignedToken(token: string, options: TokenVerifierOptions): Promise<TokenVerification> {
  const parsed = parseCompactJws(token);
  if (!parsed) return reject('malformed token');
  const { header, payload: unverified } = parsed;
  if (header.alg !== 'EdDSA' && header.alg !== 'ES256') return reject('unsupported algorithm', String(header.alg));
  const iss = unverified.iss;
  if (typeof iss !== 'string' || iss !== unverified.sub) return reject('issuer is not subject');
  const signing = await didSigningKey(header, iss, options.resolver);
  if (!signing.ok) return reject(signing.reason, signing.detail);
  const picked = signing.method;
  // A rotated key stays under assertionMethod only: what it signed verifies, but it no longer speaks for the issuer.
  if (!mayAuthenticate(signing.didDocument, picked.id)) return reject('key not authorized for authentication', picked.id);
  if (options.requireCapabilityInvocation && !hasRelationship(signing.didDocument, picked.id, 'capabilityInvocation')) return reject('key not authorized for invocation');

  const now = options.clock.now();
  const skew = options.skewSeconds ?? 5;
  // The signature is checked with node:crypto at once (no WebCrypto round trip); the claims as a JOSE library checks them.
  const jws = verifyCompactJws(parsed, signing.key.key, signing.key.alg);
  if (!jws.ok) return jws.reason === 'malformed' ? reject('malformed token', jws.detail) : reject(jws.reason, jws.detail);
  const payload = jws.payload as JWTPayload;
  const claims = checkTokenClaims(payload, { audience: options.audience, required: REQUIRED_CLAIMS, nowMs: now, skewSeconds: skew });
  if (claims) return reject(claims.reason, claims.detail);
  const { iat, exp, jti } = payload as { iat: number; exp: number; jti: unknown };
  if (typeof jti !== 'string' || jti === '') return reject('missing claim', 'jti');
  if (iat * 1000 > now + skew * 1000) return reject('issued in the future');
  if (exp - iat > (options.maxLifetimeSeconds ?? 3600)) return reject('lifetime too long');
  const accessToken = typeof payload.token === 'string' ? payload.token : undefined;
  if ((options.requireAccessToken ?? true) && accessToken === undefined) return reject('missing access token');
  return { ok: true, issuer: iss, verificationMethodId: picked.id, accessToken, payload, expiresAt: exp * 1000, tokenId: jti, replayUntil: (exp + skew) * 1000 };
}
