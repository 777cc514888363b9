import { describe, expect, it } from 'vitest';
import { checkTokenClaims, type ClaimRejection } from './token-claims.js';

const NOW = 1_800_000_000;
const base = { iss: 'did:web:a', sub: 'did:web:a', aud: 'did:web:b', iat: NOW, exp: NOW + 300, jti: 'j' };
const check = (payload: Record<string, unknown>, nowSeconds = NOW) =>
  checkTokenClaims(payload, { audience: 'did:web:b', required: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'], nowMs: nowSeconds * 1000 + 999, skewSeconds: 5 });

const CASES: [string, Record<string, unknown>, number, ClaimRejection | undefined][] = [
  ['a fresh token', base, NOW, undefined],
  ['aud as an array naming us', { ...base, aud: ['did:web:c', 'did:web:b'] }, NOW, undefined],
  ['no jti member at all', (({ jti: _, ...rest }) => rest)(base), NOW, { reason: 'missing claim', detail: 'jti' }],
  ['no exp', (({ exp: _, ...rest }) => rest)(base), NOW, { reason: 'missing claim', detail: 'exp' }],
  ['another audience', { ...base, aud: 'did:web:c' }, NOW, { reason: 'wrong audience' }],
  ['an array of other audiences', { ...base, aud: ['did:web:c'] }, NOW, { reason: 'wrong audience' }],
  ['exp as a string', { ...base, exp: String(NOW + 300) }, NOW, { reason: 'malformed token', detail: 'exp: must be a number' }],
  ['iat as null', { ...base, iat: null }, NOW, { reason: 'malformed token', detail: 'iat: must be a number' }],
  ['nbf within the leeway', { ...base, nbf: NOW + 5 }, NOW, undefined],
  ['nbf beyond the leeway', { ...base, nbf: NOW + 6 }, NOW, { reason: 'token not yet valid' }],
  ['exp passed, within the leeway', base, NOW + 304, undefined],
  ['exp passed beyond the leeway', base, NOW + 305, { reason: 'token expired' }],
];

describe('registered JWT claims', () => {
  it.each(CASES)('%s', (_name, payload, now, expected) => {
    expect(check(payload, now)).toEqual(expected);
  });
});
