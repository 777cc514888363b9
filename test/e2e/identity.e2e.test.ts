import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { didWebFromUrl } from '../../connector/identity/index.js';
import { requestCatalog } from '../../connector/offers/dsp-catalog-client.js';
import { freePort } from '../helpers/connector-process.js';
import { startAuthority, type RunningAuthority } from '../helpers/start-authority.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

let authority: RunningAuthority;
let provider: RunningConnector;
let consumer: RunningConnector;
let stranger: RunningConnector;

const dcp = (authorityUrl: string, authorityDid: string) => ({
  'identity.kind': 'dcp',
  'identity.authorityUrl': authorityUrl,
  'identity.trustedIssuers': [authorityDid],
  'did.allowHttpLoopback': true,
  'stateMachine.retryBaseMs': 20,
});

beforeAll(async () => {
  authority = await startAuthority();
  const [pPort, cPort, sPort] = [await freePort(), await freePort(), await freePort()];
  for (const [port, name, bpn] of [
    [pPort, 'Provider GmbH', 'BPNL000000000001'],
    [cPort, 'Consumer AG', 'BPNL000000000002'],
  ] as const) {
    const res = await authority.api('/api/v1/participants', {
      method: 'POST',
      json: { did: didWebFromUrl(`http://127.0.0.1:${port}`), legalName: name, businessPartnerNumber: bpn, roles: ['member'], frameworkAgreements: ['DataExchangeGovernance:1.0'] },
    });
    expect(res.status).toBe(201);
  }
  provider = await startConnector('sqlite', {}, dcp(authority.publicUrl, authority.did), pPort);
  consumer = await startConnector('sqlite', {}, dcp(authority.publicUrl, authority.did), cPort);
  // Never registered; it discloses one more credential type than the default (identity.disclosedCredentialTypes).
  stranger = await startConnector(
    'sqlite',
    {},
    { ...dcp(authority.publicUrl, authority.did), 'identity.disclosedCredentialTypes': ['MembershipCredential', 'HealthDataPermitCredential'] },
    sPort,
  );
  await provider.api('/api/v1/assets', {
    method: 'POST',
    json: { id: 'penguins', properties: { title: 'Penguins' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' } },
  });
  await provider.api('/api/v1/policies', {
    method: 'POST',
    json: {
      id: 'members',
      policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] },
    },
  });
  await provider.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd', accessPolicyId: 'members', contractPolicyId: 'members' } });
});
afterAll(async () => {
  for (const c of [stranger, consumer, provider]) await c?.stop();
  await authority?.stop();
});

async function catalogAs(caller: RunningConnector) {
  const providerDid = provider.connector.config.participantId;
  const identity = caller.connector.identity;
  if (!identity) throw new Error('the caller has no DCP identity');
  const token = await identity.peerAuth.tokenFor(providerDid);
  return requestCatalog(`${provider.publicUrl}/api/dsp`, token.replace(/^Bearer /, ''));
}

describe('identity: an authority and connectors on loopback', () => {
  it('should give each registered connector its credentials, listed as issued with proofs', async () => {
    const body = (await (await consumer.api('/api/v1/identity/credentials')).json()) as { items: { types: string[]; credential: { proof?: unknown; issuer: string } }[] };
    expect(body.items.flatMap((i) => i.types).sort()).toEqual(['BpnCredential', 'FrameworkAgreementCredential', 'MembershipCredential']);
    expect(body.items.every((i) => i.credential.proof !== undefined && i.credential.issuer === authority.did)).toBe(true);
    expect(((await (await stranger.api('/api/v1/identity/credentials')).json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('should issue credentials on a request that names only its holder, and refuse any other field (400), issuing nothing', async () => {
    const runtime = provider.connector.identity?.runtime; // the provider: the consumer's credentials are counted when revoked below
    if (!runtime) throw new Error('the provider has no DCP identity');
    const ask = async (body: unknown) =>
      fetch(`${authority.publicUrl}/api/issuance/credentials`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await runtime.selfIssuedToken(authority.did)}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const body of [{ holder: runtime.did, bogus: 1 }, [1, 2], { holder: 'did:web:someone-else.test' }]) {
      const res = await ask(body);
      expect([res.status, ((await res.json()) as { code?: string }).code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const ok = await ask({ holder: runtime.did });
    expect([ok.status, ((await ok.json()) as { credentials: unknown[] }).credentials.length]).toEqual([200, 3]);
  });

  it("should read the Bearer scheme of the authority's issuance request in any case, and refuse a glued one", async () => {
    const runtime = provider.connector.identity?.runtime;
    if (!runtime) throw new Error('the provider has no DCP identity');
    const ask = async (scheme: string) =>
      (
        await fetch(`${authority.publicUrl}/api/issuance/credentials`, {
          method: 'POST',
          headers: { authorization: `${scheme} ${await runtime.selfIssuedToken(authority.did)}`, 'content-type': 'application/json' },
          body: JSON.stringify({ holder: runtime.did }),
        })
      ).status;
    expect([await ask('bearer'), await ask('BEARER'), await ask('Bearerx')]).toEqual([200, 200, 401]);
  });

  it('should serve each DID document with the current key and the service endpoints', async () => {
    for (const c of [provider, consumer]) {
      const doc = (await (await fetch(`${c.publicUrl}/.well-known/did.json`)).json()) as { id: string; verificationMethod: unknown[]; service: { type: string }[] };
      expect(doc.id).toBe(c.connector.config.participantId);
      expect(doc.verificationMethod).toHaveLength(1);
      expect(doc.service.map((s) => s.type).sort()).toEqual(['CredentialService', 'DataService']);
    }
    expect(((await (await fetch(`${authority.publicUrl}/.well-known/did.json`)).json()) as { id: string }).id).toBe(authority.did);
  });

  it('should accept a member on the protocol and refuse a participant without credentials', async () => {
    const { catalog } = await catalogAs(consumer);
    expect((catalog.dataset as unknown[] | undefined)?.length ?? 0).toBe(1);
    await expect(catalogAs(stranger)).rejects.toMatchObject({ code: 'PEER_REJECTED' });
  });

  it('should negotiate with agreements signed as credentials and verified by the consumer', async () => {
    const { catalog } = await catalogAs(consumer);
    const offerId = String((catalog.dataset as { hasPolicy: { '@id': string }[] }[])[0]?.hasPolicy[0]?.['@id']);
    const done = new Promise<string>((resolve) =>
      consumer.connector.events.on('negotiation.stateChanged', (e) => {
        if (e.to === 'FINALIZED' || e.to === 'TERMINATED') resolve(e.to);
      }),
    );
    const res = await consumer.api('/api/v1/negotiations', {
      method: 'POST',
      json: { counterPartyAddress: `${provider.publicUrl}/api/dsp`, counterPartyId: provider.connector.config.participantId, offerId },
    });
    expect(res.status).toBe(201);
    expect(await done).toBe('FINALIZED');
    const agreements = (await (await consumer.api('/api/v1/agreements')).json()) as { items: { credential: { type: string[]; issuer: string } | null }[] };
    expect(agreements.items[0]?.credential).toMatchObject({ type: ['VerifiableCredential', 'ContractAgreementCredential'], issuer: provider.connector.config.participantId });
  });

  it("should present to a verifier no credential type the holder's access token does not disclose (DCP: left out, 2xx)", async () => {
    const providerDid = provider.connector.config.participantId;
    const providerIdentity = provider.connector.identity;
    const consumerIdentity = consumer.connector.identity;
    if (!providerIdentity || !consumerIdentity) throw new Error('no DCP identity');
    // The access token the consumer hands the provider on any DSP call, as the provider receives it.
    const consumerToken = (await consumerIdentity.peerAuth.tokenFor(providerDid)).replace(/^Bearer /, '');
    const accessToken = String(JSON.parse(Buffer.from(consumerToken.split('.')[1] ?? '', 'base64url').toString()).token);
    const wallet = consumer.connector.stores.heldCredentials;
    const held = await wallet.list();
    const membership = held.find((c) => c.types.includes('MembershipCredential'));
    if (!membership) throw new Error('the consumer holds no membership');
    // A credential no Kontor verifier asks for (the membership credential indexed under another type stands in for it).
    await wallet.replaceAll([...held, { ...membership, id: 'urn:x:permit', types: ['HealthDataPermitCredential'] }]);
    try {
      const query = async (types: string[]) => {
        const token = await providerIdentity.runtime.selfIssuedToken(consumerIdentity.runtime.did, accessToken);
        const res = await fetch(`${consumer.publicUrl}/api/credentials/presentations/query`, {
          method: 'POST',
          headers: { authorization: `BEARER ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'],
            type: 'PresentationQueryMessage',
            scope: types.map((t) => `org.eclipse.dspace.dcp.vc.type:${t}:read`),
          }),
        });
        const body = (await res.json()) as { presentation?: { verifiableCredential?: unknown[] }[] };
        return [res.status, (body.presentation ?? []).flatMap((p) => p.verifiableCredential ?? []).length];
      };
      expect(await query(['HealthDataPermitCredential'])).toEqual([200, 0]);
      expect(await query(['MembershipCredential', 'HealthDataPermitCredential'])).toEqual([200, 1]);
    } finally {
      await wallet.replaceAll(held);
    }
    // The protocol, whose Bearer scheme is read in any case, still admits the member.
    const res = await fetch(`${provider.publicUrl}/api/dsp/catalog/request`, {
      method: 'POST',
      headers: { authorization: `bearer ${consumerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' }),
    });
    expect(res.status).toBe(200);
  });

  it('should put the disclosed credential types of its configuration into the access token it hands a verifier', async () => {
    const providerDid = provider.connector.config.participantId;
    const scopeOf = async (c: RunningConnector) => {
      const identity = c.connector.identity;
      if (!identity) throw new Error('no DCP identity');
      const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
      const accessToken = String(claims((await identity.peerAuth.tokenFor(providerDid)).replace(/^Bearer /, '')).token);
      return String(claims(accessToken).scope).split(' ');
    };
    const read = (t: string) => `org.eclipse.dspace.dcp.vc.type:${t}:read`;
    expect(await scopeOf(consumer)).toEqual(['MembershipCredential', 'BpnCredential', 'DataExchangeGovernanceCredential', 'FrameworkAgreementCredential'].map(read));
    expect(await scopeOf(stranger)).toEqual(['MembershipCredential', 'HealthDataPermitCredential'].map(read));
  });

  it("should read a member's framework agreement from its credential: an offer for that agreement is visible, one for another is not", async () => {
    const agreementPolicy = (agreement: string) => ({
      '@type': 'Set',
      permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:FrameworkAgreement', operator: 'eq', rightOperand: agreement }] }],
    });
    for (const [id, agreement] of [
      ['governed', 'DataExchangeGovernance:1.0'],
      ['pcf', 'Pcf:1.0'],
    ] as const) {
      const asset = { id, properties: { title: id }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' } };
      expect((await provider.api('/api/v1/assets', { method: 'POST', json: asset })).status).toBe(201);
      expect((await provider.api('/api/v1/policies', { method: 'POST', json: { id: `fa-${id}`, policy: agreementPolicy(agreement) } })).status).toBe(201);
      const definition = { id: `cd-${id}`, accessPolicyId: `fa-${id}`, contractPolicyId: 'members', assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: id }] };
      expect((await provider.api('/api/v1/contract-definitions', { method: 'POST', json: definition })).status).toBe(201);
    }
    const { catalog } = await catalogAs(consumer);
    // Definition `cd` offers every asset to members; the two new definitions add an offer each where it is visible.
    const definitions = (catalog.dataset as { hasPolicy: { '@id': string }[] }[]).flatMap((d) => d.hasPolicy.map((o) => o['@id'].split(':')[3]));
    expect(definitions.sort()).toEqual(['cd', 'cd', 'cd', 'cd-governed']);
  });

  it('should reject a revoked member after the cache is flushed (and not before the refresh interval)', async () => {
    await catalogAs(consumer);
    const revoke = await authority.api(`/api/v1/participants/${encodeURIComponent(consumer.connector.config.participantId)}/revoke`, { method: 'POST' });
    expect(((await revoke.json()) as { revokedCredentials: number }).revokedCredentials).toBe(3);
    // The authority's list takes the paging and status filter its API document gives.
    const page = async (query: string) => (await (await authority.api(`/api/v1/participants${query}`)).json()) as { items: { did: string; status: string }[]; total: number };
    expect((await page('?status=revoked&limit=10')).items.map((p) => p.did)).toEqual([consumer.connector.config.participantId]);
    expect(await page('?limit=1&offset=1')).toMatchObject({ items: [expect.anything()], total: 2 });
    await expect(catalogAs(consumer)).resolves.toBeDefined(); // cached verification, within the refresh interval
    expect((await provider.api('/api/v1/identity/cache/flush', { method: 'POST' })).status).toBe(204);
    await expect(catalogAs(consumer)).rejects.toMatchObject({ code: 'PEER_REJECTED' });
  });
});
