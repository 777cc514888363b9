import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, FixedClock, randomIds, type Logger } from '../../core/index.js';
import { DevDataSpace, type DevParticipant } from './dev/dev-data-space.js';
import { DidResolverRegistry } from './did/did-resolver-registry.js';
import { createDidWebResolver } from './did/did-web-resolver.js';
import { createIdentityVerifier, type FetchPresentation, type IdentityVerifier, type IdentityVerifierOptions } from './identity-verifier.js';
import { MemoryReplayCache } from './token/replay-cache.js';
import { createSelfIssuedToken } from './token/self-issued-token.js';
import { checkCredentialProof, checkValidityPeriod } from './vc/check-proof.js';
import { buildFrameworkAgreementCredential } from './vc/credential-templates.js';
import { issueCredential } from './vc/issue-credential.js';
import { CredentialVerifier } from './vc/credential-verifier.js';
import { presentationChallenge, signPresentation } from './vc/sign-presentation.js';
import { StatusChecker } from './vc/status/status-checker.js';
import type { SigningIdentity } from './vc/suites.js';

const MINUTE = 60_000;

function recordingLogger(lines: string[]): Logger {
  const log = (obj: object | string) => void lines.push(typeof obj === 'string' ? obj : JSON.stringify(obj));
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

describe('identity verifier', () => {
  let clock: FixedClock;
  let space: DevDataSpace;
  let alice: DevParticipant;
  let bob: DevParticipant;
  let held: Record<string, unknown>[];
  let presenter: SigningIdentity;
  let fetches: number;
  let logs: string[];
  let verifier: IdentityVerifier;
  let base: IdentityVerifierOptions;
  let revocationIndex: number;
  /** The credential types of each presentation query; a query naming any of `refused` fails. */
  let queries: (readonly string[])[];
  let refused: string[];

  beforeEach(async () => {
    clock = new FixedClock();
    space = new DevDataSpace(clock);
    alice = space.addParticipant('127.0.0.1:8282');
    bob = space.addParticipant('127.0.0.1:8383');
    const issued = await space.issueMembership({
      id: alice.did,
      legalName: 'Alice GmbH',
      businessPartnerNumber: 'BPNL0000000000A1',
      businessPartnerGroups: ['tier-1'],
      roles: ['consumer'],
    });
    held = [issued.credential];
    revocationIndex = issued.index;
    presenter = alice.identity;
    fetches = 0;
    logs = [];
    queries = [];
    refused = [];
    const fetchPresentation: FetchPresentation = async (request) => {
      fetches++;
      queries.push(request.credentialTypes);
      expect(request).toMatchObject({ credentialServiceUrl: alice.credentialService, holderDid: alice.did });
      if (request.credentialTypes.some((t) => refused.includes(t))) throw new Error('403 scope not granted');
      const challenge = presentationChallenge(request.accessToken);
      return [await signPresentation({ holder: presenter, credentials: held, challenge, domain: bob.did, documentLoader: space.documentLoader, clock })];
    };
    const status = new StatusChecker({
      provider: space.statusProvider,
      checkProof: (c) => checkCredentialProof(c, space.documentLoader, clock.now()),
      checkPeriod: (c) => checkValidityPeriod(c, clock.now(), 60_000),
      clock,
      refreshMs: 5 * MINUTE,
    });
    const credentialVerifier = new CredentialVerifier({ documentLoader: space.documentLoader, clock, trustedIssuers: [{ did: space.authority.did }], status });
    base = {
      ownDid: bob.did,
      resolver: space.resolver,
      replayCache: new MemoryReplayCache(clock),
      credentialVerifier,
      fetchPresentation,
      clock,
      logger: recordingLogger(logs),
      alsoFlush: [status],
    };
    verifier = createIdentityVerifier(base);
  });

  const bearer = async (audience = bob.did) => `Bearer ${await createSelfIssuedToken({ issuer: alice.identity, audience, accessToken: `at-${randomIds.next()}`, clock })}`;
  const rejection = async (authorization: string | undefined) => {
    const error = await verifier.verify(authorization).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', detail: 'The caller could not be authenticated' });
    return logs.at(-1) ?? '';
  };

  it('should turn a valid call into a participant agent with the credential claims', async () => {
    const agent = await verifier.verify(await bearer());
    expect(agent).toEqual({
      id: alice.did,
      claims: {
        credentialTypes: ['MembershipCredential'],
        membership: { active: true, issuer: space.authority.did },
        businessPartnerNumber: 'BPNL0000000000A1',
        businessPartnerGroups: ['tier-1'],
        roles: ['consumer'],
        legalName: 'Alice GmbH',
      },
      // What the policy monitor re-checks later: issuer, type, expiry and status entry of each credential.
      evidence: [
        {
          issuer: space.authority.did,
          type: ['MembershipCredential'],
          validUntil: expect.any(String),
          credentialStatus: [expect.objectContaining({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' })],
        },
      ],
    });
  });

  it('should ask for the optional types too, and read a framework agreement the caller holds into its claims', async () => {
    const unsigned = buildFrameworkAgreementCredential(
      { id: 'urn:uuid:fa-1', issuer: space.authority.did, validFrom: clock.isoNow(), validUntil: new Date(clock.now() + 86_400_000).toISOString() },
      { id: alice.did, frameworkAgreement: 'DataExchangeGovernance', contractVersion: '1.0', holderIdentifier: 'BPNL0000000000A1' },
    );
    held.push(await issueCredential(unsigned, { issuer: space.authority.identity, documentLoader: space.documentLoader, clock }));
    const agent = await verifier.verify(await bearer());
    expect(queries).toEqual([['MembershipCredential', 'BpnCredential', 'DataExchangeGovernanceCredential', 'FrameworkAgreementCredential']]);
    expect(agent.claims.frameworkAgreements).toEqual([{ name: 'DataExchangeGovernance', version: '1.0' }]);
    expect(agent.claims.credentialTypes).toEqual(['MembershipCredential', 'DataExchangeGovernanceCredential']);
  });

  it('should ask again for the required types alone when the credential service refuses the optional ones', async () => {
    refused = ['BpnCredential'];
    const agent = await verifier.verify(await bearer());
    expect(queries).toEqual([['MembershipCredential', 'BpnCredential', 'DataExchangeGovernanceCredential', 'FrameworkAgreementCredential'], ['MembershipCredential']]);
    expect(agent.claims.membership).toEqual({ active: true, issuer: space.authority.did });
    refused = ['MembershipCredential'];
    verifier.flush();
    expect(await rejection(await bearer())).toMatch(/presentation query failed: 403 scope not granted/);
  });

  it('should reuse a verified presentation but still check every token', async () => {
    const token = await bearer();
    await verifier.verify(token);
    await verifier.verify(await bearer());
    expect(fetches).toBe(1);
    expect(await rejection(token)).toMatch(/replayed token id/);
    expect(await rejection(await bearer('did:web:someone-else'))).toMatch(/wrong audience/);
  });

  it('should reject a revoked caller after the refresh interval, and at once after a flush', async () => {
    await verifier.verify(await bearer());
    space.revoke(revocationIndex);
    await verifier.verify(await bearer());
    clock.advance(5 * MINUTE + 1);
    expect(await rejection(await bearer())).toMatch(/revocation bit/);
  });

  it('should reject at once after a flush', async () => {
    await verifier.verify(await bearer());
    space.revoke(revocationIndex);
    verifier.flush();
    expect(await rejection(await bearer())).toMatch(/revocation bit/);
  });

  it('should forget cached DID documents on a flush (a key file made anew under the same key id)', async () => {
    const cached = new DidResolverRegistry([createDidWebResolver({ fetch: space.fetch, allowHttpLoopback: true })], { clock, cacheTtlMs: 5 * MINUTE });
    verifier = createIdentityVerifier({ ...base, resolver: cached });
    await verifier.verify(await bearer());
    alice = space.addParticipant('127.0.0.1:8282'); // a new key-1, served at once; `cached` still holds the old document
    presenter = alice.identity;
    expect(await rejection(await bearer())).toMatch(/signature invalid/);
    verifier.flush();
    expect((await verifier.verify(await bearer())).id).toBe(alice.did);
  });

  it('should reject an expired credential, and stop caching at its expiry', async () => {
    held = [(await space.issueMembership({ id: alice.did, legalName: 'Alice' }, 2 * MINUTE)).credential];
    await verifier.verify(await bearer());
    clock.advance(4 * MINUTE);
    expect(await rejection(await bearer())).toMatch(/expired/);
  });

  it('should reject a credential from an untrusted issuer', async () => {
    held = [(await space.issueMembership({ id: alice.did, legalName: 'Alice' }, MINUTE, bob.identity)).credential];
    expect(await rejection(await bearer())).toMatch(/not trusted/);
  });

  it('should reject a tampered credential', async () => {
    const tampered = structuredClone(held[0]) as { credentialSubject: { legalName: string } };
    tampered.credentialSubject.legalName = 'Mallory';
    held = [tampered as unknown as Record<string, unknown>];
    expect(await rejection(await bearer())).toMatch(/presentation: credential/);
  });

  it('should reject a presentation by someone other than the caller', async () => {
    presenter = bob.identity;
    expect(await rejection(await bearer())).toMatch(/not held and signed by/);
  });

  it('should reject a presentation lacking a requested type, and a missing or malformed header', async () => {
    held = [];
    expect(await rejection(await bearer())).toMatch(/no credentials|missing credential types/);
    expect(await rejection(undefined)).toMatch(/no bearer token/);
    expect(await rejection('Basic abc def')).toMatch(/no bearer token/);
  });

  it('should read the Bearer scheme in any case (RFC 7235), and refuse a glued scheme, two tokens or none', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const token = (await bearer()).split(' ')[1];
      expect((await verifier.verify(`${scheme} ${token}`)).id, scheme).toBe(alice.did);
    }
    const token = (await bearer()).split(' ')[1];
    expect(await rejection(`Bearerx ${token}`)).toMatch(/no bearer token/);
    expect(await rejection(`Bearer ${token} ${token}`)).toMatch(/no bearer token/);
    expect(await rejection('Bearer ')).toMatch(/no bearer token/);
    expect(await rejection('bearer')).toMatch(/no bearer token/);
  });

  it('should reject a caller without a credential service', async () => {
    const url = 'http://127.0.0.1:8282/.well-known/did.json';
    const doc = space.documents.get(url) as { service?: unknown };
    delete doc.service;
    expect(await rejection(await bearer())).toMatch(/publishes no credential service/);
  });
});
