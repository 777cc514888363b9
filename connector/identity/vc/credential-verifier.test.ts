import { beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { DevDataSpace } from '../dev/dev-data-space.js';
import { didKeyIdentity } from '../did/signing-identities.js';
import { Ed25519Key } from '../keys/ed25519-key.js';
import { checkCredentialProof, checkValidityPeriod } from './check-proof.js';
import { CredentialVerifier } from './credential-verifier.js';
import { presentationChallenge, signPresentation } from './sign-presentation.js';
import { StatusChecker } from './status/status-checker.js';

const DAY = 86_400_000;

describe('CredentialVerifier', () => {
  let clock: FixedClock;
  let space: DevDataSpace;
  let verifier: CredentialVerifier;
  let alice: ReturnType<DevDataSpace['addParticipant']>;

  beforeEach(() => {
    clock = new FixedClock();
    space = new DevDataSpace(clock);
    alice = space.addParticipant('127.0.0.1:8282');
    const status = new StatusChecker({
      provider: space.statusProvider,
      checkProof: (c) => checkCredentialProof(c, space.documentLoader, clock.now()),
      checkPeriod: (c) => checkValidityPeriod(c, clock.now(), 60_000),
      clock,
      refreshMs: 0,
    });
    verifier = new CredentialVerifier({ documentLoader: space.documentLoader, clock, trustedIssuers: [{ did: space.authority.did }], status });
  });

  const membership = () => space.issueMembership({ id: alice.did, legalName: 'Alice GmbH', businessPartnerNumber: 'BPNL000000000001', roles: ['provider'] });

  it('should verify a fresh membership credential with every check passing', async () => {
    const { credential } = await membership();
    const result = await verifier.verifyCredential(credential, { holder: alice.did });
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ verified: true, checks: { signature: true, expiry: true, status: true, issuerTrusted: true, holderBinding: true } });
  });

  it('should reject a tampered credential on its signature only', async () => {
    const { credential } = await membership();
    const tampered = structuredClone(credential) as { credentialSubject: { legalName: string } };
    tampered.credentialSubject.legalName = 'Mallory AG';
    const result = await verifier.verifyCredential(tampered);
    expect(result.verified).toBe(false);
    expect(result.checks).toMatchObject({ signature: false, expiry: true, issuerTrusted: true });
  });

  it('should reject an expired credential while still reporting a good signature', async () => {
    const { credential } = await membership();
    clock.advance(2 * DAY);
    const result = await verifier.verifyCredential(credential);
    expect(result.verified).toBe(false);
    expect(result.checks).toMatchObject({ signature: true, expiry: false });
    expect(result.errors.join()).toMatch(/expired/);
  });

  it('should reject a credential from an untrusted issuer', async () => {
    const rogue = didKeyIdentity(Ed25519Key.generate('k', clock.isoNow()));
    const { credential } = await space.issueMembership({ id: alice.did, legalName: 'Alice' }, DAY, rogue);
    const result = await verifier.verifyCredential(credential);
    expect(result.checks).toMatchObject({ signature: true, issuerTrusted: false, status: false });
    expect(result.verified).toBe(false);
  });

  it('should honour per-type trust', async () => {
    const scoped = new CredentialVerifier({
      documentLoader: space.documentLoader,
      clock,
      trustedIssuers: [{ did: space.authority.did, types: ['BpnCredential'] }],
      status: { check: async () => [] },
    });
    const { credential } = await membership();
    expect((await scoped.verifyCredential(credential)).checks.issuerTrusted).toBe(false);
  });

  it('should reject a revoked credential once its status bit is set', async () => {
    const { credential, index } = await membership();
    space.revoke(index);
    const result = await verifier.verifyCredential(credential);
    expect(result.checks).toMatchObject({ signature: true, status: false });
    expect(result.errors.join()).toMatch(/revocation bit \d+ is set/);
  });

  it('should tell a set status bit from a status list it cannot have (findings by kind)', async () => {
    const { credential, index } = await membership();
    const checker = (provider: { fetchStatusList(url: string): Promise<unknown> }) =>
      new StatusChecker({
        provider,
        checkProof: (c) => checkCredentialProof(c, space.documentLoader, clock.now()),
        checkPeriod: (c) => checkValidityPeriod(c, clock.now(), 60_000),
        clock,
        refreshMs: 0,
      });
    expect(await checker(space.statusProvider).findings(credential)).toEqual([]);
    const down = await checker({ fetchStatusList: () => Promise.reject(new Error('ECONNREFUSED')) }).findings(credential);
    expect(down).toEqual([{ kind: 'unusable', message: expect.stringMatching(/unusable: ECONNREFUSED/) }]);
    space.revoke(index);
    expect(await checker(space.statusProvider).findings(credential)).toEqual([{ kind: 'set', message: expect.stringMatching(/revocation bit \d+ is set/) }]);
    expect(await checker(space.statusProvider).findings({ ...credential, credentialStatus: { type: 'Other' } })).toEqual([
      { kind: 'invalid', message: expect.stringMatching(/unsupported status entry type Other/) },
    ]);
  });

  it('should reject a credential whose subject is not the expected holder', async () => {
    const { credential } = await membership();
    const result = await verifier.verifyCredential(credential, { holder: 'did:web:127.0.0.1%3A9999' });
    expect(result.checks.holderBinding).toBe(false);
    expect(result.verified).toBe(false);
  });

  describe('presentations', () => {
    const challenge = presentationChallenge('access-token');
    const domain = 'did:web:127.0.0.1%3A8383';

    it('should verify a presentation by the holder with its credentials', async () => {
      const { credential } = await membership();
      const vp = await signPresentation({ holder: alice.identity, credentials: [credential], challenge, domain, documentLoader: space.documentLoader, clock });
      const result = await verifier.verifyPresentation(vp, { holder: alice.did, challenge, domain });
      expect(result.errors).toEqual([]);
      expect(result.verified).toBe(true);
    });

    it('should reject a presentation by a different holder', async () => {
      const { credential } = await membership();
      const bob = space.addParticipant('127.0.0.1:8484');
      const vp = await signPresentation({ holder: bob.identity, credentials: [credential], challenge, domain, documentLoader: space.documentLoader, clock });
      const result = await verifier.verifyPresentation(vp, { holder: alice.did, challenge, domain });
      expect(result.verified).toBe(false);
      expect(result.checks.holder).toBe(false);
    });

    it('should reject a presentation claiming the holder but signed by another key', async () => {
      const { credential } = await membership();
      const bob = space.addParticipant('127.0.0.1:8484');
      const vp = await signPresentation({ holder: { ...bob.identity, did: alice.did }, credentials: [credential], challenge, domain, documentLoader: space.documentLoader, clock });
      const result = await verifier.verifyPresentation(vp, { holder: alice.did, challenge, domain });
      expect(result.checks.holder).toBe(false);
      expect(result.verified).toBe(false);
    });

    it('should reject a wrong challenge or domain, and an empty presentation', async () => {
      const { credential } = await membership();
      const vp = await signPresentation({ holder: alice.identity, credentials: [credential], challenge, domain, documentLoader: space.documentLoader, clock });
      expect((await verifier.verifyPresentation(vp, { holder: alice.did, challenge: 'other', domain })).checks.signature).toBe(false);
      expect((await verifier.verifyPresentation(vp, { holder: alice.did, challenge, domain: 'did:web:elsewhere' })).checks.signature).toBe(false);
      const empty = await signPresentation({ holder: alice.identity, credentials: [], challenge, domain, documentLoader: space.documentLoader, clock });
      const result = await verifier.verifyPresentation(empty, { holder: alice.did, challenge, domain });
      expect(result).toMatchObject({ verified: false, checks: { signature: true, holder: true, credentials: false } });
    });

    it('should reject a presentation carrying an expired credential', async () => {
      const { credential } = await space.issueMembership({ id: alice.did, legalName: 'Alice' }, 60 * 60_000);
      const vp = await signPresentation({ holder: alice.identity, credentials: [credential], challenge, domain, documentLoader: space.documentLoader, clock });
      clock.advance(2 * 60 * 60_000);
      const result = await verifier.verifyPresentation(vp, { holder: alice.did, challenge, domain });
      expect(result.verified).toBe(false);
      expect(result.credentialResults[0]?.checks).toMatchObject({ signature: true, expiry: false });
    });
  });
});
