import { verify, type KeyObject } from 'node:crypto';

/** Why a compact JWS did not verify. */
export type JwsFailure = 'malformed' | 'unsupported algorithm' | 'signature invalid';

export type JwsVerification = { ok: true; header: Record<string, unknown>; payload: Record<string, unknown> } | { ok: false; reason: JwsFailure; detail?: string };

const B64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Verifies a compact JWS (RFC 7515) whose header says `alg` (EdDSA with an Ed25519 key, or ES256 with a P-256 key,
 * signature as R‖S) synchronously with node:crypto and the given public KeyObject: no WebCrypto key import and no
 * thread-pool round trip, as a JOSE library does for each token. Header and payload must be JSON objects; a header
 * with `crit` (extensions this verifier would have to understand) or `b64` is refused. Claims are not checked here.
 */
export function verifyCompactJws(token: string, key: KeyObject, alg: 'EdDSA' | 'ES256'): JwsVerification {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return { ok: false, reason: 'malformed', detail: 'not a compact JWS' };
  const [h, p, s] = parts as [string, string, string];
  const header = jsonObject(h);
  const payload = jsonObject(p);
  if (!header || !payload) return { ok: false, reason: 'malformed', detail: 'header and payload must be JSON objects' };
  if (header.alg !== alg) return { ok: false, reason: 'unsupported algorithm', detail: String(header.alg) };
  if ('crit' in header || 'b64' in header) return { ok: false, reason: 'malformed', detail: 'crit and b64 are not supported' };
  const signature = Buffer.from(s, 'base64url');
  if (signature.length !== 64) return { ok: false, reason: 'signature invalid' };
  const data = Buffer.from(`${h}.${p}`);
  let good: boolean;
  try {
    good = alg === 'EdDSA' ? verify(null, data, key, signature) : verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
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
