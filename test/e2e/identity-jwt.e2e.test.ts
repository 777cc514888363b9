import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/index.js';
import { didWebFromUrl } from '../../connector/identity/index.js';
import { requestCatalog } from '../../connector/offers/dsp-catalog-client.js';
import { freePort } from '../helpers/connector-process.js';
import { DCP_SCHEMAS_SKIP_REASON, dcpViolations } from '../helpers/dcp-schemas.js';
import { EdcStyleParty } from '../helpers/edc-style-party.js';
import { startEdcStylePeer, type EdcStylePeer } from '../helpers/edc-style-peer.js';
import { startAuthority, type RunningAuthority } from '../helpers/start-authority.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';

let authority: RunningAuthority;
let provider: RunningConnector;
let consumer: RunningConnector;
let cxIssuer: EdcStyleParty;
let edc: EdcStyleParty;
let issuerHost: EdcStylePeer;
let edcPeer: EdcStylePeer;

const providerDid = () => provider.connector.config.participantId;
const providerDsp = () => `${provider.publicUrl}/api/dsp`;

async function kontorToken(from: RunningConnector, audience: string) {
  const identity = from.connector.identity;
  if (!identity) throw new Error('no DCP identity');
  return (await identity.peerAuth.tokenFor(audience)).replace(/^Bearer /, '');
}

async function edcCatalog() {
  return requestCatalog(providerDsp(), await edc.selfIssuedToken(providerDid(), edcPeer.accessTokenFor(providerDid())));
}

describe.each(BACKENDS)('identity with JWT credentials on $backend: a Kontor data space and an EDC-style peer', ({ backend, skip }) => {
  beforeAll(async () => {
    if (skip) return;
    authority = await startAuthority({ 'authority.credentialFormat': 'vc11-sl2021/jwt', 'authority.keyType': 'P-256' });
    const [pPort, cPort, ePort, iPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    cxIssuer = new EdcStyleParty(`127.0.0.1:${iPort}`, systemClock);
    issuerHost = await startEdcStylePeer(cxIssuer, iPort, []);
    edc = new EdcStyleParty(`127.0.0.1:${ePort}`, systemClock, 'Multikey');
    edcPeer = await startEdcStylePeer(edc, ePort, [authority.did]);
    edcPeer.held.push(await cxIssuer.issueVc11(edc.did, 'MembershipCredential', 7));
    for (const [port, name] of [
      [pPort, 'Provider GmbH'],
      [cPort, 'Consumer AG'],
    ] as const) {
      const res = await authority.api('/api/v1/participants', { method: 'POST', json: { did: didWebFromUrl(`http://127.0.0.1:${port}`), legalName: name, roles: ['member'] } });
      expect(res.status).toBe(201);
    }
    const dcp = { 'identity.kind': 'dcp', 'identity.authorityUrl': authority.publicUrl, 'identity.trustedIssuers': [authority.did, cxIssuer.did], 'did.allowHttpLoopback': true };
    provider = await startConnector(backend, {}, dcp, pPort);
    consumer = await startConnector(backend, {}, dcp, cPort);
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
    for (const c of [consumer, provider]) await c?.stop();
    await edcPeer?.stop();
    await issuerHost?.stop();
    await authority?.stop();
  });

  it.skipIf(skip)('should issue VC 1.1 JWT credentials signed ES256 with StatusList2021 entries, the key published as JsonWebKey2020', async () => {
    const body = (await (await consumer.api('/api/v1/identity/credentials')).json()) as { items: { types: string[]; credential: { type: string; id: string } }[] };
    const membership = body.items.find((i) => i.types.includes('MembershipCredential'));
    expect(membership?.credential.type).toBe('EnvelopedVerifiableCredential');
    const jwt = String(membership?.credential.id).replace('data:application/vc+jwt,', '');
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'ES256', kid: `${authority.did}#es256-key-1` });
    expect(decodeJwt(jwt)).toMatchObject({ iss: authority.did, sub: consumer.connector.config.participantId, vc: { credentialStatus: { type: 'StatusList2021Entry' } } });
    const doc = (await (await fetch(`${authority.publicUrl}/.well-known/did.json`)).json()) as { verificationMethod: { type: string; publicKeyJwk?: { crv: string } }[] };
    expect(doc.verificationMethod.find((m) => m.type === 'JsonWebKey2020')?.publicKeyJwk?.crv).toBe('P-256');
  });

  it.skipIf(skip)("should let a Kontor consumer holding JWT credentials read a Kontor provider's catalog", async () => {
    const { catalog } = await requestCatalog(providerDsp(), await kontorToken(consumer, providerDid()));
    expect((catalog.dataset as unknown[] | undefined)?.length ?? 0).toBe(1);
  });

  it.skipIf(skip)("should let the EDC-style peer (ES256, vc11-sl2021/jwt presentation) read the Kontor provider's catalog", async () => {
    const { catalog } = await edcCatalog();
    expect((catalog.dataset as unknown[] | undefined)?.length ?? 0).toBe(1);
  });

  it.skipIf(skip)('should authenticate a Kontor consumer to the EDC-style peer (Tractus-X scope, JWT presentation checked with jose alone)', async () => {
    const { catalog } = await requestCatalog(`${edcPeer.url}/dsp`, await kontorToken(consumer, edc.did)).catch((e: unknown) => {
      throw new Error(`${String(e)}; the peer says: ${edcPeer.refusals.join(' / ')}`);
    });
    expect(catalog).toMatchObject({ '@type': 'Catalog', participantId: edc.did });
    expect(edcPeer.refusals).toEqual([]);
  });

  it.skipIf(skip)('should answer presentation queries under the DCP and Tractus-X aliases and refuse an unconfigured alias and presentation definitions with 400', async () => {
    const consumerDid = consumer.connector.config.participantId;
    const accessToken = String(decodeJwt(await kontorToken(consumer, edc.did)).token);
    const query = async (scope: string, extra: Record<string, unknown> = {}) =>
      fetch(`${consumer.publicUrl}/api/credentials/presentations/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await edc.selfIssuedToken(consumerDid, accessToken)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'], type: 'PresentationQueryMessage', scope: [scope], ...extra }),
      });
    for (const alias of ['org.eclipse.dspace.dcp.vc.type', 'org.eclipse.tractusx.vc.type']) {
      const res = await query(`${alias}:MembershipCredential:read`);
      expect(res.status).toBe(200);
      const [vp] = ((await res.json()) as { presentation: string[] }).presentation;
      expect(decodeJwt(String(vp))).toMatchObject({ iss: consumerDid, aud: edc.did, vp: { type: 'VerifiablePresentation' } });
    }
    expect((await query('org.eclipse.edc.vc.type:MembershipCredential:read')).status).toBe(400);
    expect((await query('org.eclipse.dspace.dcp.vc.type:MembershipCredential:read', { presentationDefinition: { id: 'pd' } })).status).toBe(400);
    // Nothing accepted and ignored: unknown fields, and a wrong type or context, are refused.
    for (const extra of [{ bogus: 1 }, { type: 'Nonsense' }, { '@context': 5 }, { '@context': ['https://example.org/other'] }])
      expect((await query('org.eclipse.dspace.dcp.vc.type:MembershipCredential:read', extra)).status).toBe(400);
  });

  it.skipIf(skip)('should refuse the EDC-style peer once its issuer revokes it on the StatusList2021 list', async () => {
    cxIssuer.revoked.add(7);
    expect((await provider.api('/api/v1/identity/cache/flush', { method: 'POST' })).status).toBe(204);
    await expect(edcCatalog()).rejects.toMatchObject({ code: 'PEER_REJECTED' });
    cxIssuer.revoked.delete(7);
    await provider.api('/api/v1/identity/cache/flush', { method: 'POST' });
  });

  it.skipIf(skip)('should refuse a Kontor consumer revoked by the authority (StatusList2021 list served as JWT)', async () => {
    const revoke = await authority.api(`/api/v1/participants/${encodeURIComponent(consumer.connector.config.participantId)}/revoke`, { method: 'POST' });
    expect(revoke.status).toBe(200);
    expect((await provider.api('/api/v1/identity/cache/flush', { method: 'POST' })).status).toBe(204);
    await expect(requestCatalog(providerDsp(), await kontorToken(consumer, providerDid()))).rejects.toMatchObject({ code: 'PEER_REJECTED' });
  });

  describe.skipIf(skip || DCP_SCHEMAS_SKIP_REASON !== undefined)(
    `DCP messages on the wire against the DCP 1.0.1 schemas${DCP_SCHEMAS_SKIP_REASON ? ` (skipped: ${DCP_SCHEMAS_SKIP_REASON})` : ''}`,
    () => {
      it('should send presentation queries and answer with presentation responses the spec schemas accept', async () => {
        await edcCatalog().catch(() => undefined);
        await requestCatalog(`${edcPeer.url}/dsp`, await kontorToken(provider, edc.did));
        expect(edcPeer.seen.queries.length).toBeGreaterThan(0);
        expect(edcPeer.seen.responses.length).toBeGreaterThan(0);
        for (const query of edcPeer.seen.queries) expect(dcpViolations('presentation-query-message', query)).toEqual([]);
        for (const response of edcPeer.seen.responses) {
          expect(dcpViolations('presentation-response-message', response)).toEqual([]);
          expect((response as { presentation: unknown[] }).presentation.every((p) => typeof p === 'string')).toBe(true);
        }
        expect(
          dcpViolations('presentation-query-message', { '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'], type: 'PresentationQueryMessage', scope: 'not-a-list' }),
        ).not.toEqual([]);
      });
    },
  );
});
