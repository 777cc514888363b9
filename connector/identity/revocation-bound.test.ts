import { describe, expect, it } from 'vitest';
import { FixedClock, randomIds, type Logger } from '../../core/index.js';
import { DevDataSpace } from './dev/dev-data-space.js';
import { createIdentityVerifier, type FetchPresentation } from './identity-verifier.js';
import { MemoryReplayCache } from './token/replay-cache.js';
import { createSelfIssuedToken } from './token/self-issued-token.js';
import { checkCredentialProof, checkValidityPeriod } from './vc/check-proof.js';
import { CredentialVerifier } from './vc/credential-verifier.js';
import { presentationChallenge, signPresentation } from './vc/sign-presentation.js';
import { StatusChecker } from './vc/status/status-checker.js';

const MINUTE = 60_000;
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };

/**
 * The documented bound (README, docs/config.md): a revocation takes effect within identity.statusRefreshMs. A
 * presentation verified late against a status-list copy fetched early must not be reused past that copy's expiry,
 * or the two caches stack to nearly twice the interval.
 */
describe('revocation latency of the identity verifier', () => {
  it('should refuse a revoked caller within the refresh interval even when its presentation was verified against an old list copy', async () => {
    const clock = new FixedClock();
    const space = new DevDataSpace(clock);
    const [alice, carol, bob] = ['127.0.0.1:8282', '127.0.0.1:8484', '127.0.0.1:8383'].map((host) => space.addParticipant(host)) as [
      ReturnType<DevDataSpace['addParticipant']>,
      ReturnType<DevDataSpace['addParticipant']>,
      ReturnType<DevDataSpace['addParticipant']>,
    ];
    const held = new Map<string, Record<string, unknown>>();
    let aliceIndex = -1;
    for (const [p, name] of [
      [alice, 'Alice GmbH'],
      [carol, 'Carol AG'],
    ] as const) {
      const issued = await space.issueMembership({ id: p.did, legalName: name, roles: [] });
      held.set(p.did, issued.credential);
      if (p === alice) aliceIndex = issued.index;
    }
    const identities = new Map([alice, carol].map((p) => [p.did, p.identity]));
    const fetchPresentation: FetchPresentation = async (request) => {
      const credential = held.get(request.holderDid);
      const holder = identities.get(request.holderDid);
      if (!credential || !holder) throw new Error('unknown holder');
      const challenge = presentationChallenge(request.accessToken);
      return [await signPresentation({ holder, credentials: [credential], challenge, domain: bob.did, documentLoader: space.documentLoader, clock })];
    };
    const status = new StatusChecker({
      provider: space.statusProvider,
      checkProof: (c) => checkCredentialProof(c, space.documentLoader, clock.now()),
      checkPeriod: (c) => checkValidityPeriod(c, clock.now(), 60_000),
      clock,
      refreshMs: 5 * MINUTE,
    });
    const verifier = createIdentityVerifier({
      ownDid: bob.did,
      resolver: space.resolver,
      replayCache: new MemoryReplayCache(clock),
      credentialVerifier: new CredentialVerifier({ documentLoader: space.documentLoader, clock, trustedIssuers: [{ did: space.authority.did }], status }),
      fetchPresentation,
      clock,
      logger: quiet,
      statusRefreshMs: 5 * MINUTE,
      statusCheckedUntil: (c) => status.checkedUntil(c),
      alsoFlush: [status],
    });
    const bearer = async (from: typeof alice) =>
      `Bearer ${await createSelfIssuedToken({ issuer: from.identity, audience: bob.did, accessToken: `at-${randomIds.next()}`, clock })}`;

    await verifier.verify(await bearer(carol)); // t=0: the list is fetched (and reused until t=5 min)
    space.revoke(aliceIndex); // t=0: alice is revoked
    clock.advance(4 * MINUTE + 50_000);
    expect((await verifier.verify(await bearer(alice))).id).toBe(alice.did); // checked against the t=0 copy: not yet seen
    clock.advance(10_001); // just past t=5 min: the copy has expired, and so must the presentation checked against it
    await expect(verifier.verify(await bearer(alice))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
