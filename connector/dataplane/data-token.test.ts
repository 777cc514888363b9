import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { dataTokens } from './data-token.js';

const claims = { transferId: 'urn:uuid:t1', agreementId: 'urn:uuid:a1', audience: 'did:web:consumer', purpose: 'https://w3id.org/kontor/purpose/research' };

describe('dataTokens', () => {
  const clock = new FixedClock(Date.parse('2026-01-01T00:00:00Z'));
  const tokens = dataTokens({ issuer: 'did:web:provider', secret: 'x'.repeat(32), ttlSeconds: 60, clock });

  it('should issue a token bound to transfer, agreement, consumer and purpose, expiring after the ttl', async () => {
    const { token, expiresAt } = await tokens.issue(claims);
    expect(expiresAt).toBe(clock.now() + 60_000);
    expect(await tokens.verify(token, 'urn:uuid:t1')).toEqual({ ...claims, epoch: 0 });
  });

  it("should carry the transfer's token epoch (a token without one is of epoch 0)", async () => {
    const { token } = await tokens.issue({ ...claims, epoch: 3 });
    expect(await tokens.verify(token, 'urn:uuid:t1')).toMatchObject({ epoch: 3 });
  });

  it('should refuse it for another transfer, after expiry, from another secret or issuer, or tampered', async () => {
    const { token } = await tokens.issue(claims);
    await expect(tokens.verify(token, 'urn:uuid:t2')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(dataTokens({ issuer: 'did:web:provider', secret: 'y'.repeat(32), ttlSeconds: 60, clock }).verify(token, 'urn:uuid:t1')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(dataTokens({ issuer: 'did:web:other', secret: 'x'.repeat(32), ttlSeconds: 60, clock }).verify(token, 'urn:uuid:t1')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(tokens.verify(`${token.slice(0, -3)}abc`, 'urn:uuid:t1')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const later = new FixedClock(clock.now() + 61_000);
    await expect(dataTokens({ issuer: 'did:web:provider', secret: 'x'.repeat(32), ttlSeconds: 60, clock: later }).verify(token, 'urn:uuid:t1')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('should refuse an unsigned (alg none) token', async () => {
    const { token } = await tokens.issue(claims);
    const [, payload] = token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await expect(tokens.verify(none, 'urn:uuid:t1')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
