import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, FixedClock, randomIds, type Logger } from '../../core/index.js';
import { DevDataSpace, type DevParticipant } from './dev/dev-data-space.js';
import { createIdentityVerifier, type FetchPresentation, type IdentityVerifier } from './identity-verifier.js';
import { MemoryReplayCache } from './token/replay-cache.js';
import { createSelfIssuedToken } from './token/self-issued-token.js';
import { checkCredentialProof, checkValidityPeriod } from './vc/check-proof.js';
import { CredentialVerifier } from './vc/credential-verifier.js';
import { presentationChallenge, signPresentation } from './vc/sign-presentation.js';
import { StatusChecker } from './vc/status/status-checker.js';

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };

/** Issue 17 item 1: correctly signed tokens from strangers, or too many from one member, must not lock others out. */
describe('replay cache under a flood', () => {
  let clock: FixedClock;
  let space: DevDataSpace;
  let bob: DevParticipant;
  let members: Map<string, DevParticipant>;
  let held: Map<string, Record<string, unknown>>;
  let cache: MemoryReplayCache;
  let verifier: IdentityVerifier;

  beforeEach(async () => {
    clock = new FixedClock();
    space = new DevDataSpace(clock);
    bob = space.addParticipant('127.0.0.1:8383');
    members = new Map();
    held = new Map();
    for (const [name, port] of [
      ['alice', 8282],
      ['carol', 8484],
    ] as const) {
      const member = space.addParticipant(`127.0.0.1:${port}`);
      members.set(name, member);
      held.set(member.did, (await space.issueMembership({ id: member.did, legalName: name })).credential);
    }
    const fetchPresentation: FetchPresentation = async (request) => {
      const credential = held.get(request.holderDid);
      if (!credential) throw new Error('no membership credential');
      const holder = [...members.values()].find((m) => m.did === request.holderDid)?.identity;
      if (!holder) throw new Error('unknown holder');
      return [
        await signPresentation({
          holder,
          credentials: [credential],
          challenge: presentationChallenge(request.accessToken),
          domain: bob.did,
          documentLoader: space.documentLoader,
          clock,
        }),
      ];
    };
    const status = new StatusChecker({
      provider: space.statusProvider,
      checkProof: (c) => checkCredentialProof(c, space.documentLoader, clock.now()),
      checkPeriod: (c) => checkValidityPeriod(c, clock.now(), 60_000),
      clock,
      refreshMs: 300_000,
    });
    const credentialVerifier = new CredentialVerifier({ documentLoader: space.documentLoader, clock, trustedIssuers: [{ did: space.authority.did }], status });
    cache = new MemoryReplayCache(clock, { maxPerIssuer: 5, maxEntries: 12 });
    verifier = createIdentityVerifier({ ownDid: bob.did, resolver: space.resolver, replayCache: cache, credentialVerifier, fetchPresentation, clock, logger: silent });
  });

  const bearer = async (caller: DevParticipant) =>
    `Bearer ${await createSelfIssuedToken({ issuer: caller.identity, audience: bob.did, accessToken: `at-${randomIds.next()}`, clock })}`;
  const outcome = async (caller: DevParticipant) =>
    verifier.verify(await bearer(caller)).then(
      (a) => a.id,
      (e: unknown) => (e instanceof ConnectorError ? e.code : 'threw'),
    );
  const alice = () => members.get('alice') as DevParticipant;
  const carol = () => members.get('carol') as DevParticipant;

  it("should keep strangers' signed tokens out of the cache, so members still get through", async () => {
    const strangers = Array.from({ length: 6 }, (_, i) => space.addParticipant(`127.0.0.1:${9100 + i}`));
    for (const stranger of strangers) for (let i = 0; i < 5; i++) expect(await outcome(stranger)).toBe('UNAUTHORIZED');
    expect(cache.size).toBe(0);
    expect(await outcome(alice())).toBe(alice().did);
    expect(await outcome(carol())).toBe(carol().did);
  });

  it('should refuse one member beyond its share of the cache, and nobody else', async () => {
    for (let i = 0; i < 5; i++) expect(await outcome(carol())).toBe(carol().did);
    for (let i = 0; i < 20; i++) expect(await outcome(carol())).toBe('UNAUTHORIZED');
    for (let i = 0; i < 5; i++) expect(await outcome(alice())).toBe(alice().did);
    expect(cache.size).toBe(10);
  });

  it("should evict ids by expiry, freeing a member's share when its tokens lapse", async () => {
    for (let i = 0; i < 5; i++) expect(await outcome(carol())).toBe(carol().did);
    expect(await outcome(carol())).toBe('UNAUTHORIZED');
    clock.advance(3_600_000);
    expect(await outcome(carol())).toBe(carol().did);
    expect(cache.size).toBe(1);
  });
});
