import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { FixedClock, sequentialIds } from '../../../core/index.js';
import { Ed25519Key } from '../keys/ed25519-key.js';
import type { SigningIdentity } from '../vc/suites.js';
import { signEd25519Jws } from '../keys/ed25519-jws.js';
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

  it('should list the disclosed credential types as DCP scopes: by default exactly those a Kontor verifier asks for', async () => {
    const clock = new FixedClock(1_000_000_000);
    const key = Ed25519Key.generate('k1', clock.isoNow());
    const byDefault = new AccessTokens(() => identityWith(key, 1), clock, sequentialIds('at'), 300);
    const token = await byDefault.issue('did:web:verifier');
    expect(String(decodeJwt(token).scope).split(' ')).toEqual([
      'org.eclipse.dspace.dcp.vc.type:MembershipCredential:read',
      'org.eclipse.dspace.dcp.vc.type:BpnCredential:read',
      'org.eclipse.dspace.dcp.vc.type:DataExchangeGovernanceCredential:read',
      'org.eclipse.dspace.dcp.vc.type:FrameworkAgreementCredential:read',
    ]);
    expect(await byDefault.grant(token)).toEqual({
      verifier: 'did:web:verifier',
      credentialTypes: ['MembershipCredential', 'BpnCredential', 'DataExchangeGovernanceCredential', 'FrameworkAgreementCredential'],
    });
    const narrow = new AccessTokens(() => identityWith(key, 1), clock, sequentialIds('at'), 300, { disclosedCredentialTypes: ['MembershipCredential'] });
    expect((await narrow.grant(await narrow.issue('did:web:verifier'))).credentialTypes).toEqual(['MembershipCredential']);
    expect(() => new AccessTokens(() => identityWith(key, 1), clock, sequentialIds('at'), 300, { disclosedCredentialTypes: [] })).toThrow(/at least one/);
    expect(() => new AccessTokens(() => identityWith(key, 1), clock, sequentialIds('at'), 300, { disclosedCredentialTypes: ['A B'] })).toThrow(/not a credential type/);
  });

  it('should grant nothing on a token of ours without a readable scope (the former credentials:read, any type)', async () => {
    const clock = new FixedClock(1_000_000_000);
    const key = Ed25519Key.generate('k1', clock.isoNow());
    const tokens = new AccessTokens(() => identityWith(key, 1), clock, sequentialIds('at'), 300);
    const now = Math.floor(clock.now() / 1000);
    const claims = { iss: 'did:web:me', aud: 'did:web:me#credential-service', sub: 'did:web:verifier', iat: now, exp: now + 300, jti: 'x' };
    const sign = (scope: string | undefined) =>
      signEd25519Jws({ alg: 'EdDSA', typ: 'at+jwt', kid: 'did:web:me#key-1' }, { ...claims, ...(scope === undefined ? {} : { scope }) }, key.signingKey());
    expect(await tokens.grant(await sign('org.eclipse.dspace.dcp.vc.type:BpnCredential:read'))).toEqual({ verifier: 'did:web:verifier', credentialTypes: ['BpnCredential'] });
    for (const scope of ['credentials:read', undefined, '', 'org.eclipse.dspace.dcp.vc.type:MembershipCredential:write', 'org.other:MembershipCredential:read']) {
      await expect(tokens.grant(await sign(scope)), String(scope)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });
});
