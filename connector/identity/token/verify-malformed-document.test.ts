import { describe, expect, it } from 'vitest';
import { FixedClock, sequentialIds } from '../../../core/index.js';
import { DevDataSpace } from '../dev/dev-data-space.js';
import type { DidDocument } from '../did/did-document.js';
import type { DidResolver } from '../did/did-resolver.js';
import { MemoryReplayCache } from './replay-cache.js';
import { createSelfIssuedToken } from './self-issued-token.js';
import { verifySelfIssuedToken } from './verify-self-issued-token.js';

/**
 * A resolver that skips the shape check (a custom or cached one) hands over a document whose relationships are not
 * arrays of ids or methods: verification refuses the token with a reason, it never throws (the routes would answer 500).
 */
describe('verifySelfIssuedToken and a malformed DID document', () => {
  it.each([
    ['authentication: [null]', { authentication: [null] }],
    ['authentication: "x"', { authentication: 'x' }],
    ['authentication: [{}]', { authentication: [{}] }],
    ['capabilityInvocation: 5', { capabilityInvocation: 5 }],
  ])('should refuse a token whose issuer document has %s', async (_name, relationships) => {
    const clock = new FixedClock();
    const space = new DevDataSpace(clock);
    const caller = space.addParticipant('127.0.0.1:8282');
    const callee = space.addParticipant('127.0.0.1:8383');
    const mangling: DidResolver = {
      resolve: async (did) => {
        const resolved = await space.resolver.resolve(did);
        return resolved.ok ? { ok: true, didDocument: { ...resolved.didDocument, ...relationships } as unknown as DidDocument } : resolved;
      },
    };
    const token = await createSelfIssuedToken({ issuer: caller.identity, audience: callee.did, accessToken: 'opaque', clock, ids: sequentialIds('jti') });
    const result = await verifySelfIssuedToken(token, {
      audience: callee.did,
      resolver: mangling,
      replayCache: new MemoryReplayCache(clock),
      clock,
      requireCapabilityInvocation: true,
    });
    expect(result).toMatchObject({ ok: false, reason: 'unverifiable token' });
  });
});
