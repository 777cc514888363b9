import { verify, type KeyObject } from 'node:crypto';

/** Why a compact JWS did not verify. */
export type JwsFailure = 'malformed' | 'unsupported algorithm' | 'signature invalid';

/** A compact JWS split and decoded, not yet verified. */
export interface ParsedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

export type JwsVerification = { ok: true; header: Record<string, unknown>; payload: Record<string, unknown> } | { ok: false; reason: JwsFailure; detail?: string };

const B64URL = /^[A-Za-z0-9_-]+$/;
const B64URL_OR_EMPTY = /^[A-Za-z0-9_-]*$/;

/**
 * Splits a compact JWS (RFC 7515) whose header and payload are JSON objects (the signature may be empty, as in an
 * unsecured JWT, which `verifyCompactJws` then refuses by its `alg`); undefined for anything else. Verifies nothing.
 */
export function parseCompactJws(token: string): ParsedJws | undefined {
  const [h, p, s, ...rest] = token.split('.');
  if (h === undefined || p === undefined || s === undefined || rest.length > 0 || !B64URL.test(h) || !B64URL.test(p) || !B64URL_OR_EMPTY.test(s)) return undefined;
  const header = jsonObject(h);
  const payload = jsonObject(p);
  return header && payload ? { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') } : undefined;
}

/**
 * Verifies a compact JWS whose header says `alg` (EdDSA with an Ed25519 key, or ES256 with a P-256 key, signature as
 * R‖S) synchronously with node:crypto and the given public KeyObject: no WebCrypto key import and no thread-pool
 * round trip, as a JOSE library does for each token. A header with `crit` (extensions this verifier would have to
 * understand) or `b64` is refused. Claims are not checked here.
 */
export function verifyCompactJws(token: string | ParsedJws, key: KeyObject, alg: 'EdDSA' | 'ES256'): JwsVerification {
  const jws = typeof token === 'string' ? parseCompactJws(token) : token;
  if (!jws) return { ok: false, reason: 'malformed', detail: 'not a compact JWS of two JSON objects' };
  const { header, payload } = jws;
  if (header.alg !== alg) return { ok: false, reason: 'unsupported algorithm', detail: String(header.alg) };
  if ('crit' in header || 'b64' in header) return { ok: false, reason: 'malformed', detail: 'crit and b64 are not supported' };
  if (jws.signature.length !== 64) return { ok: false, reason: 'signature invalid' };
  const data = Buffer.from(jws.signingInput);
  let good: boolean;
  try {
    good = alg === 'EdDSA' ? verify(null, data, key, jws.signature) : verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, jws.signature);
  } catch {
    good = false; // a key of another type
  }
  return good ? { ok: true, header, payload } : { ok: false, reason: 'signature invalid' };
}

function jsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
