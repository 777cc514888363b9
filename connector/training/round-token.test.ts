import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { FixedClock, sequentialIds } from '../../core/index.js';
import { RoundTokens } from './round-token.js';

const SECRET = new Uint8Array(32).fill(7);
/** Issued by the round token as it was before its fields got real names (same secret, clock and jti as below). */
const ISSUED_BEFORE =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6ImtvbnRvci1yb3VuZCtqd3QifQ.eyJhZ3IiOiJ1cm46YWdyZWVtZW50OjEiLCJ0aWQiOiJ0cmFuc2Zlci0xIiwicHVyIjoic3R1ZHkiLCJybmQiOjMsImdtaCI6InNoYTI1NjphYmMiLCJ0YXNrIjoiZXZhbHVhdGUiLCJpc3MiOiJkaWQ6d2ViOnNpdGUiLCJzdWIiOiJkaWQ6d2ViOmNvb3JkaW5hdG9yIiwiYXVkIjoiZGlkOndlYjpzaXRlI3RyYWluaW5nIiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjE3NjcyMjU5MDAsImp0aSI6Imp0aS0xIn0.9oVckBJIO_2vTYftDj_OTsD-SNu8AVNFRgCIz4yPsFE';
const grant = {
  sub: 'did:web:coordinator',
  agreementId: 'urn:agreement:1',
  transferId: 'transfer-1',
  purpose: 'study',
  round: 3,
  globalModelHash: 'sha256:abc',
  task: 'evaluate',
} as const;
const tokens = () => new RoundTokens({ issuer: 'did:web:site', clock: new FixedClock(), ids: sequentialIds('jti'), ttlSeconds: 300, secret: SECRET });

describe('round token wire format', () => {
  it('should issue byte for byte the token it issued before the fields were renamed', async () => {
    expect((await tokens().issue(grant)).token).toBe(ISSUED_BEFORE);
  });

  it('should keep the short claim names on the wire', async () => {
    const claims = decodeJwt((await tokens().issue(grant)).token);
    expect(Object.keys(claims).sort()).toEqual(['agr', 'aud', 'exp', 'gmh', 'iat', 'iss', 'jti', 'pur', 'rnd', 'sub', 'task', 'tid']);
    expect(claims).toMatchObject({ agr: 'urn:agreement:1', tid: 'transfer-1', pur: 'study', rnd: 3, gmh: 'sha256:abc', task: 'evaluate' });
  });

  it('should verify a token issued before the change into the named grant', async () => {
    expect(await tokens().verify(ISSUED_BEFORE, 'did:web:coordinator')).toEqual({ ...grant, jti: 'jti-1', exp: 1767225900 });
  });

  it('should refuse the token to another caller', async () => {
    await expect(tokens().verify(ISSUED_BEFORE, 'did:web:other')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
