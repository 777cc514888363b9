/** Why the claims of a signed JWT are not acceptable now. */
export type ClaimRejection = { reason: 'missing claim' | 'wrong audience' | 'token not yet valid' | 'token expired' | 'malformed token'; detail?: string };

export interface ClaimExpectations {
  /** Must be `aud`, or one of its members. */
  audience: string;
  /** Claims that must be present. */
  required: readonly string[];
  nowMs: number;
  /** Leeway for `nbf` and `exp`. */
  skewSeconds: number;
}

/**
 * The registered-claim checks of RFC 7519 as JOSE libraries apply them (jose's `jwtVerify`): the required claims are
 * present, `aud` names the audience, `iat`/`nbf`/`exp` are numbers when present, `nbf` is not after now + skew,
 * `exp` is after now − skew (whole seconds). Undefined when all hold.
 */
export function checkTokenClaims(payload: Record<string, unknown>, expected: ClaimExpectations): ClaimRejection | undefined {
  for (const claim of expected.required) if (!Object.hasOwn(payload, claim)) return { reason: 'missing claim', detail: claim };
  const aud = payload.aud;
  const audienceOk = typeof aud === 'string' ? aud === expected.audience : Array.isArray(aud) && aud.includes(expected.audience);
  if (!audienceOk) return { reason: 'wrong audience' };
  for (const claim of ['iat', 'nbf', 'exp']) {
    const value = payload[claim];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) return { reason: 'malformed token', detail: `${claim}: must be a number` };
  }
  const now = Math.floor(expected.nowMs / 1000);
  const { nbf, exp } = payload as { nbf?: number; exp?: number };
  if (nbf !== undefined && nbf > now + expected.skewSeconds) return { reason: 'token not yet valid' };
  if (exp !== undefined && exp <= now - expected.skewSeconds) return { reason: 'token expired' };
  return undefined;
}
