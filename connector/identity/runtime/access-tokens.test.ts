import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { FixedClock, sequentialIds } from '../../../core/index.js';
import { Ed25519Key } from '../keys/ed25519-key.js';
import type { SigningIdentity } from '../vc/suites.js';
import { AccessTokens } from './access-tokens.js';

const identityWith = (key: Ed25519Key, n: number): SigningIdentity => ({ did: 'did:web:me', key, verificationMethodId: `did:web:me#key-${n}` });

describe('access tokens', () => {
  it('should hand a verifier the same token during the first half of its lifetime, and a new one after', async () => {
    const clock = new FixedClock(1_000_000_000);
    const key = Ed25519Key.generate('k1', clock.isoNow());
    const tokens = new AccessTokens(() => identityWith(key, 1), clock, sequentialIds('at'), 300);
    const first = await tokens.issue('did:web:verifier');
    expect(await tokens.issue('did:web:verifier')).toBe(first);
    expect(await tokens.issue('did:web:other')).not.toBe(first);
    expect(await tokens.verify(first)).toBe('did:web:verifier');
    clock.advance(149_999);
    expect(await tokens.issue('did:web:verifier')).toBe(first);
    clock.advance(1);
    const second = await tokens.issue('did:web:verifier');
    expect(second).not.toBe(first);
    expect(decodeJwt(second).exp).toBe(Math.floor(clock.now() / 1000) + 300);
  });

  it('should sign a new token when the signing key changes, and verify only with the current key', async () => {
    const clock = new FixedClock(1_000_000_000);
    const keys = [Ed25519Key.generate('k1', clock.isoNow()), Ed25519Key.generate('k2', clock.isoNow())];
    let current = 0;
    const tokens = new AccessTokens(() => identityWith(keys[current] as Ed25519Key, current), clock, sequentialIds('at'), 300);
    const before = await tokens.issue('did:web:verifier');
    current = 1;
    const after = await tokens.issue('did:web:verifier');
    expect(after).not.toBe(before);
    expect(await tokens.verify(after)).toBe('did:web:verifier');
    // A token of the rotated key (one a thief holding that key could sign) grants nothing any more.
    await expect(tokens.verify(before)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    current = 0;
    expect(await tokens.verify(before)).toBe('did:web:verifier');
    await expect(tokens.verify(after)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
