import { SignJWT } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, sequentialIds } from '../../../core/index.js';
import { DevDataSpace, type DevParticipant } from '../dev/dev-data-space.js';
import { DidResolverRegistry } from '../did/did-resolver-registry.js';
import { createDidWebResolver } from '../did/did-web-resolver.js';
import { didKeyIdentity, didWebIdentity } from '../did/signing-identities.js';
import { Ed25519Key } from '../keys/ed25519-key.js';
import { MemoryReplayCache } from './replay-cache.js';
import { createSelfIssuedToken } from './self-issued-token.js';
import { spendTokenId } from './spend-token-id.js';
import { verifySelfIssuedToken, type TokenVerifierOptions } from './verify-self-issued-token.js';

describe('self-issued ID tokens', () => {
  let clock: FixedClock;
  let space: DevDataSpace;
  let caller: DevParticipant;
  let callee: DevParticipant;
  let options: TokenVerifierOptions;

  beforeEach(() => {
    clock = new FixedClock();
    space = new DevDataSpace(clock);
    caller = space.addParticipant('127.0.0.1:8282');
    callee = space.addParticipant('127.0.0.1:8383');
    options = { audience: callee.did, resolver: space.resolver, replayCache: new MemoryReplayCache(clock), clock };
  });

  const mint = (over: Partial<Parameters<typeof createSelfIssuedToken>[0]> = {}) =>
    createSelfIssuedToken({ issuer: caller.identity, audience: callee.did, accessToken: 'opaque', clock, ids: sequentialIds('jti'), ...over });
  /** Verification, then the caller's last step: spending the token id. */
  const reason = async (token: string) => {
    const result = await verifySelfIssuedToken(token, options);
    if (!result.ok) return result.reason;
    return (await spendTokenId(options.replayCache, result)) ?? 'ok';
  };

  it('should accept a fresh token and hand back issuer and access token', async () => {
    const result = await verifySelfIssuedToken(await mint(), options);
    expect(result).toMatchObject({ ok: true, issuer: caller.did, accessToken: 'opaque', verificationMethodId: `${caller.did}#key-1` });
  });

  it('should reject a replayed jti', async () => {
    const token = await mint();
    expect(await reason(token)).toBe('ok');
    expect(await reason(token)).toBe('replayed token id');
  });

  it('should reject a token for another audience', async () => {
    expect(await reason(await mint({ audience: 'did:web:elsewhere' }))).toBe('wrong audience');
  });

  it('should reject an expired token, and accept within the leeway', async () => {
    const token = await mint({ ttlSeconds: 60 });
    clock.advance(64_000);
    expect(await reason(token)).toBe('ok');
    clock.advance(2_000);
    expect(await reason(await mint({ ttlSeconds: 60, ids: sequentialIds('other') }))).toBe('ok');
    clock.advance(70_000);
    expect(await reason(token)).toBe('token expired');
  });

  it('should reject a token from the future and one living too long', async () => {
    const token = await mint();
    clock.advance(-60_000);
    expect(await reason(token)).toBe('issued in the future');
    clock.advance(60_000);
    expect(await reason(await mint({ ttlSeconds: 7200, ids: sequentialIds('long') }))).toBe('lifetime too long');
  });

  it('should reject a tampered payload', async () => {
    const [h, , s] = (await mint()).split('.');
    const forged = Buffer.from(JSON.stringify({ iss: caller.did, sub: caller.did, aud: callee.did, iat: 1767225600, exp: 1767225900, jti: 'x', token: 't' })).toString('base64url');
    expect(await reason(`${h}.${forged}.${s}`)).toBe('signature invalid');
  });

  it('should reject algorithms other than EdDSA, including none and HMAC', async () => {
    const claims = { iss: caller.did, sub: caller.did, aud: callee.did, jti: 'a', token: 't' };
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: caller.identity.verificationMethodId })
      .setIssuedAt(1767225600)
      .setExpirationTime(1767225900)
      .sign(new Uint8Array(32));
    expect(await reason(hmac)).toBe('unsupported algorithm');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect(await reason(none)).toBe('unsupported algorithm');
    expect(await reason('not-a-jwt')).toBe('malformed token');
  });

  it('should reject iss ≠ sub, a key of another DID, an unknown key and a missing access token', async () => {
    const signed = (claims: Record<string, unknown>, kid: string, key = caller.identity.key) =>
      new SignJWT({ jti: `j-${kid}-${String(claims.sub)}`, ...claims })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setAudience(callee.did)
        .setIssuedAt(1767225600)
        .setExpirationTime(1767225900)
        .sign(key.signingKey());
    expect(await reason(await signed({ iss: caller.did, sub: callee.did, token: 't' }, caller.identity.verificationMethodId))).toBe('issuer is not subject');
    expect(await reason(await signed({ iss: caller.did, sub: caller.did, token: 't' }, callee.identity.verificationMethodId, callee.identity.key))).toBe(
      'key not controlled by issuer',
    );
    expect(await reason(await signed({ iss: caller.did, sub: caller.did, token: 't' }, `${caller.did}#key-9`))).toBe('unknown key');
    expect(await reason(await mint({ accessToken: undefined }))).toBe('missing access token');
  });

  it('should reject a token signed by a key that is not the one named', async () => {
    const impostor = { ...caller.identity, key: Ed25519Key.generate('key-1', clock.isoNow()) };
    expect(await reason(await mint({ issuer: impostor }))).toBe('signature invalid');
  });

  it('should reject an issuer whose DID does not resolve', async () => {
    const ghost = didWebIdentity('did:web:127.0.0.1%3A9999', caller.keys);
    expect(await reason(await mint({ issuer: ghost }))).toBe('issuer DID not resolvable');
  });

  it('should verify tokens of did:key callers and of the current key, and refuse a rotated key with its own reason', async () => {
    expect(await reason(await mint({ issuer: didKeyIdentity(Ed25519Key.generate('k', clock.isoNow())) }))).toBe('ok');
    const oldIdentity = caller.identity;
    await caller.keys.rotate();
    space.publish(caller.did, caller.keys, caller.credentialService);
    // key-1 stays under assertionMethod (what it signed verifies) but no longer authenticates: a thief holding it gets nowhere.
    expect(await reason(await mint({ issuer: oldIdentity, ids: sequentialIds('old') }))).toBe('key not authorized for authentication');
    expect(await reason(await mint({ issuer: didWebIdentity(caller.did, caller.keys), ids: sequentialIds('new') }))).toBe('ok');
  });

  it('should read authentication and capabilityInvocation, and accept any key of a document listing neither (EDC)', async () => {
    const oldIdentity = caller.identity;
    await caller.keys.rotate();
    space.publish(caller.did, caller.keys, caller.credentialService);
    const url = 'http://127.0.0.1:8282/.well-known/did.json';
    const published = space.documents.get(url) as Record<string, unknown>;
    const serve = (doc: Record<string, unknown>) => {
      space.documents.set(url, doc);
      space.resolver.evict(caller.did);
    };
    const { authentication: _a, capabilityInvocation: _c, ...bare } = published;
    serve(bare);
    expect(await reason(await mint({ issuer: oldIdentity, ids: sequentialIds('bare') }))).toBe('ok');
    serve({ ...bare, authentication: [], capabilityInvocation: ['#key-1'] });
    expect(await reason(await mint({ issuer: oldIdentity, ids: sequentialIds('invoke') }))).toBe('ok');
    serve({ ...bare, authentication: ['#key-2'], capabilityInvocation: [] });
    expect(await reason(await mint({ issuer: oldIdentity, ids: sequentialIds('auth') }))).toBe('key not authorized for authentication');
  });

  it('should resolve once more for a key the cached document lacks (a rotation), at most once per DID in 30 s', async () => {
    const cached = new DidResolverRegistry([createDidWebResolver({ fetch: space.fetch, allowHttpLoopback: true })], { clock, cacheTtlMs: 300_000 });
    options = { ...options, resolver: cached };
    const fetched = () => space.fetch.requested.filter((u) => u.includes('8282')).length;
    const before = fetched();
    expect(await reason(await mint({ ids: sequentialIds('a') }))).toBe('ok');
    await caller.keys.rotate();
    space.publish(caller.did, caller.keys, caller.credentialService); // served now; `cached` still holds the old document
    expect(await reason(await mint({ issuer: didWebIdentity(caller.did, caller.keys), ids: sequentialIds('b') }))).toBe('ok');
    expect(fetched() - before).toBe(2);
    const unknown = { ...caller.identity, verificationMethodId: `${caller.did}#key-9` };
    expect(await reason(await mint({ issuer: unknown, ids: sequentialIds('c') }))).toBe('unknown key');
    expect(fetched() - before).toBe(2); // refreshed moments ago: no fetch a stranger's kid can force
    clock.advance(30_000);
    expect(await reason(await mint({ issuer: unknown, ids: sequentialIds('d') }))).toBe('unknown key');
    expect(fetched() - before).toBe(3);
  });

  it('should fail closed when the replay cache is full', async () => {
    options = { ...options, replayCache: new MemoryReplayCache(clock, { maxEntries: 1 }) };
    expect(await reason(await mint({ ids: sequentialIds('a') }))).toBe('ok');
    expect(await reason(await mint({ ids: sequentialIds('b') }))).toBe('replay cache full');
    clock.advance(400_000);
    expect(await reason(await mint({ ids: sequentialIds('c') }))).toBe('ok');
  });
});
