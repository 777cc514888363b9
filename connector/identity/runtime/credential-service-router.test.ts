import express from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, sequentialIds, silentLogger } from '../../../core/index.js';
import { DevDataSpace, type DevParticipant } from '../dev/dev-data-space.js';
import { createIdentityVerifier, type FetchPresentation } from '../identity-verifier.js';
import { MemoryReplayCache } from '../token/replay-cache.js';
import { createSelfIssuedToken } from '../token/self-issued-token.js';
import { checkCredentialProof, checkValidityPeriod } from '../vc/check-proof.js';
import { CredentialVerifier } from '../vc/credential-verifier.js';
import { buildFrameworkAgreementCredential } from '../vc/credential-templates.js';
import { issueCredential } from '../vc/issue-credential.js';
import { StatusChecker } from '../vc/status/status-checker.js';
import { AccessTokens } from './access-tokens.js';
import { credentialServiceRouter } from './credential-service-router.js';
import { DCP_CONTEXT } from './fetch-presentation.js';
import type { HeldCredential } from './held-credentials.js';
import type { IdentityRuntime } from './identity-runtime.js';

const scopeOf = (type: string) => `org.eclipse.dspace.dcp.vc.type:${type}:read`;
const query = (types: readonly string[]) => ({ '@context': [DCP_CONTEXT], type: 'PresentationQueryMessage', scope: types.map(scopeOf) });
type Presentation = { verifiableCredential?: { type: string[] }[] };
const typesIn = (body: { presentation?: Presentation[] }) => (body.presentation ?? []).flatMap((p) => (p.verifiableCredential ?? []).flatMap((c) => c.type.slice(1)));

describe('the credential service', () => {
  let clock: FixedClock;
  let space: DevDataSpace;
  let holder: DevParticipant;
  let verifierParty: DevParticipant;
  let wallet: HeldCredential[];
  let app: express.Express;

  /** The holder's credential service, its access tokens disclosing `disclosed` (the default when undefined). */
  const serve = (disclosed?: readonly string[]) => {
    const accessTokens = new AccessTokens(() => holder.identity, clock, sequentialIds('at'), 300, disclosed ? { disclosedCredentialTypes: disclosed } : {});
    const runtime = { did: holder.did, resolver: space.resolver, replayCache: new MemoryReplayCache(clock), signer: () => holder.identity, documentLoader: space.documentLoader };
    const router = credentialServiceRouter({
      runtime: runtime as unknown as IdentityRuntime,
      accessTokens,
      wallet: { list: async () => wallet, replaceAll: async () => undefined },
      clock,
      logger: silentLogger,
    });
    app = express().use('/api/credentials', router);
    return accessTokens;
  };
  /** The verifier's self-issued token to the holder, carrying the access token the holder gave it. */
  const bearer = async (accessTokens: AccessTokens, scheme = 'Bearer') =>
    `${scheme} ${await createSelfIssuedToken({ issuer: verifierParty.identity, audience: holder.did, accessToken: await accessTokens.issue(verifierParty.did), clock })}`;
  const ask = async (authorization: string, types: readonly string[]) =>
    request(app).post('/api/credentials/presentations/query').set('authorization', authorization).send(query(types));

  beforeEach(async () => {
    clock = new FixedClock();
    space = new DevDataSpace(clock);
    holder = space.addParticipant('127.0.0.1:8282');
    verifierParty = space.addParticipant('127.0.0.1:8383');
    const membership = (await space.issueMembership({ id: holder.did, legalName: 'Holder GmbH', businessPartnerNumber: 'BPNL0000000000H1' })).credential;
    const envelope = { issuer: space.authority.did, validFrom: clock.isoNow(), validUntil: new Date(clock.now() + 86_400_000).toISOString() };
    const agreement = await issueCredential(
      buildFrameworkAgreementCredential(
        { ...envelope, id: 'urn:uuid:fa-1' },
        { id: holder.did, frameworkAgreement: 'Pcf', contractVersion: '1.0', holderIdentifier: 'BPNL0000000000H1' },
      ),
      { issuer: space.authority.identity, documentLoader: space.documentLoader, clock },
    );
    const held = (credential: Record<string, unknown>, type: string): HeldCredential => ({
      id: String(credential.id),
      issuer: space.authority.did,
      types: [type],
      validUntil: clock.now() + 86_400_000,
      receivedAt: clock.now(),
      credential,
    });
    wallet = [held(membership, 'MembershipCredential'), held(agreement, 'FrameworkAgreementCredential')];
  });

  it('should present only the types the access token discloses, leaving the others out with a 2xx (DCP v1.0.1)', async () => {
    const tokens = serve(['MembershipCredential']);
    const both = await ask(await bearer(tokens), ['MembershipCredential', 'FrameworkAgreementCredential']);
    expect(both.status).toBe(200);
    expect(typesIn(both.body)).toEqual(['MembershipCredential']);
    const undisclosed = await ask(await bearer(tokens), ['FrameworkAgreementCredential']);
    expect(undisclosed.status).toBe(200);
    expect(typesIn(undisclosed.body)).toEqual([]);
  });

  it('should disclose what a Kontor verifier asks for by default, and nothing beyond it', async () => {
    const tokens = serve();
    const res = await ask(await bearer(tokens), ['MembershipCredential', 'FrameworkAgreementCredential']);
    expect([res.status, typesIn(res.body).sort()]).toEqual([200, ['FrameworkAgreementCredential', 'MembershipCredential']]);
    wallet.push({ ...(wallet[0] as HeldCredential), id: 'urn:x:permit', types: ['HealthDataPermitCredential'] });
    const beyond = await ask(await bearer(tokens), ['HealthDataPermitCredential']);
    expect([beyond.status, typesIn(beyond.body)]).toEqual([200, []]);
  });

  it('should let a verifier whose optional types the access token does not disclose authenticate with the required ones', async () => {
    const tokens = serve(['MembershipCredential']);
    const queries: (readonly string[])[] = [];
    const fetchPresentation: FetchPresentation = async (req) => {
      queries.push(req.credentialTypes);
      const ours = await createSelfIssuedToken({ issuer: verifierParty.identity, audience: req.holderDid, accessToken: req.accessToken, clock });
      const res = await request(app).post('/api/credentials/presentations/query').set('authorization', `Bearer ${ours}`).send(query(req.credentialTypes));
      if (res.status !== 200) throw new Error(`${res.status}`);
      return res.body.presentation as unknown[];
    };
    const status = new StatusChecker({
      provider: space.statusProvider,
      checkProof: (c) => checkCredentialProof(c, space.documentLoader, clock.now()),
      checkPeriod: (c) => checkValidityPeriod(c, clock.now(), 60_000),
      clock,
      refreshMs: 300_000,
    });
    const verifier = createIdentityVerifier({
      ownDid: verifierParty.did,
      resolver: space.resolver,
      replayCache: new MemoryReplayCache(clock),
      credentialVerifier: new CredentialVerifier({ documentLoader: space.documentLoader, clock, trustedIssuers: [{ did: space.authority.did }], status }),
      fetchPresentation,
      clock,
      logger: silentLogger,
    });
    const token = await createSelfIssuedToken({ issuer: holder.identity, audience: verifierParty.did, accessToken: await tokens.issue(verifierParty.did), clock });
    const agent = await verifier.verify(`Bearer ${token}`);
    expect(agent.claims.membership).toMatchObject({ active: true });
    // The framework agreement the holder holds stayed undisclosed: the verifier learnt nothing of it.
    expect(agent.claims.credentialTypes).toEqual(['MembershipCredential']);
    expect(queries[0]).toContain('FrameworkAgreementCredential');
  });

  it('should read the Bearer scheme in any case, and refuse a glued scheme, two tokens or none', async () => {
    const tokens = serve();
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) expect((await ask(await bearer(tokens, scheme), ['MembershipCredential'])).status, scheme).toBe(200);
    const sound = (await bearer(tokens)).split(' ')[1] as string;
    for (const header of [`Bearerx ${sound}`, `Bearer${sound}`, `Bearer ${sound} ${sound}`, 'Bearer ', 'Bearer', sound, `Basic ${sound}`]) {
      const res = await ask(header, ['MembershipCredential']);
      expect([res.status, res.body.error], header.slice(0, 12)).toEqual([401, 'unauthorized']);
    }
  });
});
