import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { TrainingSessionTokens } from './session-token.js';

const agent = { id: 'did:web:coordinator', claims: { credentialTypes: ['MembershipCredential'] } };
const opened = { agent, agreementId: 'urn:agreement:1', transferId: 'transfer-1', purpose: 'study', suspensions: 0 };

function sessions(ttlMs = 60_000) {
  const clock = new FixedClock();
  return { clock, tokens: new TrainingSessionTokens({ clock, ttlMs }) };
}

const issued = (t: TrainingSessionTokens) => {
  const s = t.issue(opened);
  if (!s) throw new Error('no session issued');
  return s;
};

describe('training session tokens', () => {
  it('should give back the grant of a live session for its own training transfer', () => {
    const { clock, tokens } = sessions();
    const { token, expiresAt } = issued(tokens);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(clock.now() + 60_000);
    expect(tokens.verify(token, 'transfer-1')).toEqual({ ...opened, expiresAt });
  });

  it('should refuse an expired session with UNAUTHORIZED', () => {
    const { clock, tokens } = sessions();
    const { token } = issued(tokens);
    clock.advance(60_000);
    expect(() => tokens.verify(token, 'transfer-1')).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED', detail: 'training session refused: the session has expired' }));
  });

  it('should refuse a session presented for another training transfer', () => {
    const { tokens } = sessions();
    const { token } = issued(tokens);
    expect(() => tokens.verify(token, 'transfer-2')).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED', detail: expect.stringMatching(/another training transfer/) }));
  });

  it('should refuse a tampered or made-up token', () => {
    const { tokens } = sessions();
    const { token } = issued(tokens);
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const forged of [flipped, `${token}x`, '', 'x'.repeat(43)])
      expect(() => tokens.verify(forged, 'transfer-1')).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED', detail: expect.stringMatching(/unknown, revoked or forged/) }));
  });

  it('should end every session at a revocation, and only its own transfer’s when it ended', () => {
    const { tokens } = sessions();
    const first = issued(tokens).token;
    const other = tokens.issue({ ...opened, transferId: 'transfer-2' })?.token ?? '';
    tokens.revoke('transfer-1');
    expect(() => tokens.verify(first, 'transfer-1')).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
    expect(tokens.verify(other, 'transfer-2').transferId).toBe('transfer-2');
    tokens.revoke();
    expect(() => tokens.verify(other, 'transfer-2')).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
  });

  it('should issue a different token every time', () => {
    const { tokens } = sessions();
    expect(issued(tokens).token).not.toBe(issued(tokens).token);
  });

  it('should open no session with a lifetime of 0, and refuse a negative or fractional one', () => {
    expect(sessions(0).tokens.issue(opened)).toBeUndefined();
    expect(() => sessions(-1)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => sessions(1.5)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
