import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFER_CREDENTIAL_PROPERTY, type DcatDataset } from '../../catalog/index.js';
import { systemClock } from '../../core/index.js';
import { checkCredentialProof, didWebFromUrl } from '../../connector/identity/index.js';
import { getDataset, requestCatalog } from '../../connector/offers/dsp-catalog-client.js';
import { freePort } from '../helpers/connector-process.js';
import { describeWithDspSchemas } from '../helpers/dsp-schema-location.js';
import { validateDsp } from '../helpers/dsp-schemas.js';
import { startAuthority, type RunningAuthority } from '../helpers/start-authority.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { startTamperingProxy, type TamperingProxy } from '../helpers/tampering-proxy.js';

let authority: RunningAuthority;
let provider: RunningConnector;
let other: RunningConnector;
let consumer: RunningConnector;
let proxy: TamperingProxy;

const dcp = (a: RunningAuthority) => ({ 'identity.kind': 'dcp', 'identity.authorityUrl': a.publicUrl, 'identity.trustedIssuers': [a.did], 'did.allowHttpLoopback': true });
const members = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] };
const limited = {
  '@type': 'Set',
  permission: [
    {
      action: 'use',
      constraint: [
        { leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' },
        { leftOperand: 'count', operator: 'lteq', rightOperand: 5 },
      ],
    },
  ],
};

async function offer(c: RunningConnector, assets: { id: string; title: string; keywords: string[] }[]) {
  for (const a of assets) {
    const res = await c.api('/api/v1/assets', {
      method: 'POST',
      json: { id: a.id, properties: { title: a.title, keywords: a.keywords }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' } },
    });
    expect(res.status).toBe(201);
  }
  expect((await c.api('/api/v1/policies', { method: 'POST', json: { id: 'members', policy: members } })).status).toBe(201);
  expect((await c.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd', accessPolicyId: 'members', contractPolicyId: 'members' } })).status).toBe(201);
}

beforeAll(async () => {
  authority = await startAuthority();
  const [pPort, oPort, cPort] = [await freePort(), await freePort(), await freePort()];
  for (const [port, name] of [
    [pPort, 'Provider GmbH'],
    [oPort, 'Other SE'],
    [cPort, 'Consumer AG'],
  ] as const) {
    const res = await authority.api('/api/v1/participants', {
      method: 'POST',
      json: { did: didWebFromUrl(`http://127.0.0.1:${port}`), legalName: name, roles: ['member'], frameworkAgreements: ['DataExchangeGovernance:1.0'] },
    });
    expect(res.status).toBe(201);
  }
  provider = await startConnector('sqlite', {}, dcp(authority), pPort);
  other = await startConnector('sqlite', {}, dcp(authority), oPort);
  proxy = await startTamperingProxy(provider.publicUrl);
  const providerDid = provider.connector.config.participantId;
  consumer = await startConnector(
    'sqlite',
    {},
    { ...dcp(authority), 'catalog.federation.peers': [`${providerDid}=${proxy.url}/api/dsp`], 'catalog.federation.directory': true },
    cPort,
  );
  await offer(provider, [
    { id: 'penguins', title: 'Penguins', keywords: ['birds', 'Antarctica'] },
    { id: 'weather', title: 'Weather 2026', keywords: ['climate'] },
  ]);
  await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'limited', policy: limited } });
  await provider.api('/api/v1/contract-definitions', {
    method: 'POST',
    json: { id: 'cd-limited', accessPolicyId: 'members', contractPolicyId: 'limited', assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'penguins' }] },
  });
  await offer(other, [{ id: 'seals', title: 'Seals', keywords: ['marine'] }]);
});
afterAll(async () => {
  for (const c of [consumer, other, provider]) await c?.stop();
  await proxy?.close();
  await authority?.stop();
});

const catalogRequest = async (json: Record<string, unknown>) => {
  const res = await consumer.api('/api/v1/catalog/request', { method: 'POST', json });
  return {
    status: res.status,
    body: (await res.json()) as {
      counterPartyId: string;
      catalog: { dataset?: DcatDataset[] };
      offers: { offerId: string; datasetId: string; verified: boolean; reason?: string }[];
    },
  };
};

/** The provider's catalog and its penguins dataset, as the consumer's token fetches them over DSP. */
async function servedCatalogAndDataset() {
  const token = async () => (await consumer.connector.identity!.peerAuth.tokenFor(provider.connector.config.participantId)).replace(/^Bearer /, '');
  const { catalog } = await requestCatalog(`${provider.publicUrl}/api/dsp`, await token());
  return { catalog, dataset: await getDataset(`${provider.publicUrl}/api/dsp`, await token(), 'penguins') };
}

describeWithDspSchemas('catalog: offers as credentials against the upstream schemas', () => {
  it('should serve the catalog and a dataset, offers and credentials included, valid under both schema sets', async () => {
    const { catalog, dataset } = await servedCatalogAndDataset();
    for (const set of ['2025-1', 'tck'] as const) expect(validateDsp(set, 'Catalog', catalog)).toEqual({ valid: true, errors: [] });
    for (const set of ['2025-1', 'tck'] as const) expect(validateDsp(set, 'Dataset', dataset)).toEqual({ valid: true, errors: [] });
  });
});

describe('catalog: offers as credentials, consumer verification, federated catalog', () => {
  it('should serve every offer with its credential', async () => {
    const { catalog, dataset } = await servedCatalogAndDataset();
    const datasets = catalog.dataset ?? [];
    expect(datasets.map((d) => [d['@id'], d.hasPolicy.length, (d[OFFER_CREDENTIAL_PROPERTY] as unknown[]).length])).toEqual([
      ['penguins', 2, 2],
      ['weather', 1, 1],
    ]);
    expect(dataset[OFFER_CREDENTIAL_PROPERTY]).toEqual(datasets[0]?.[OFFER_CREDENTIAL_PROPERTY]);
  });

  it('should return the catalog with every offer verified, the peer DID read from its version document', async () => {
    const { status, body } = await catalogRequest({ counterPartyAddress: `${provider.publicUrl}/api/dsp` });
    expect(status).toBe(200);
    expect(body.counterPartyId).toBe(provider.connector.config.participantId);
    expect(body.offers.map((o) => [o.datasetId, o.verified])).toEqual([
      ['penguins', true],
      ['penguins', true],
      ['weather', true],
    ]);
  });

  it('should reject an offer with one byte changed, and one whose credential has one byte changed', async () => {
    const address = { counterPartyAddress: `${proxy.url}/api/dsp`, counterPartyId: provider.connector.config.participantId };
    proxy.mode = 'tamper';
    proxy.tamper = (body) => body.replace('{"@value":5}', '{"@value":6}');
    const offerChanged = await catalogRequest(address);
    expect(offerChanged.body.offers.map((o) => o.verified)).toEqual([true, false, true]);
    expect(offerChanged.body.offers[1]?.reason).toMatch(/differs from what its credential attests/);
    const negotiation = await consumer.api('/api/v1/negotiations', { method: 'POST', json: { ...address, offerId: offerChanged.body.offers[1]?.offerId } });
    expect(negotiation.status).toBe(502);
    expect(((await negotiation.json()) as { detail: string }).detail).toMatch(/is not used: the offer differs/);
    proxy.tamper = (body) => body.replace(/("proofValue":"z[1-9A-HJ-NP-Za-km-z]{10})([1-9A-HJ-NP-Za-km-z])/, (_m, head: string, c: string) => `${head}${c === '2' ? '3' : '2'}`);
    const credentialChanged = await catalogRequest(address);
    expect(credentialChanged.body.offers.map((o) => o.verified)).toEqual([false, true, true]);
    expect(credentialChanged.body.offers[0]?.reason).toMatch(/does not verify/);
    proxy.mode = 'pass';
  });

  it('should answer 503 for a peer that cannot be reached', async () => {
    const { status } = await catalogRequest({ counterPartyAddress: 'http://127.0.0.1:9/api/dsp', counterPartyId: 'did:web:127.0.0.1%3A9' });
    expect(status).toBe(503);
  });

  it('should crawl configured and directory peers, keep only verified offers, and keep entries of a failing peer', async () => {
    const search = async (query = '') =>
      (await (await consumer.api(`/api/v1/federated-catalog${query}`)).json()) as { items: { publisher: string; datasetId: string; offerId: string }[]; total: number };
    const peers = async () =>
      (
        (await (await consumer.api('/api/v1/federated-catalog/peers')).json()) as {
          items: { peerId: string; source: string; stale: boolean; lastError: string | null; offerCount: number; rejectedCount: number }[];
        }
      ).items;
    const providerDid = provider.connector.config.participantId;
    const outcomes = await consumer.connector.catalog.crawler.crawlOnce();
    expect(outcomes.map((o) => [o.peerId, o.ok, o.offers]).sort()).toEqual(
      [
        [other.connector.config.participantId, true, 1],
        [providerDid, true, 3],
      ].sort(),
    );
    expect((await search()).total).toBe(4);
    expect((await search('?keyword=antarctica')).items.map((i) => i.datasetId)).toEqual(['penguins', 'penguins']);
    expect((await search('?q=WEATHER')).items.map((i) => i.datasetId)).toEqual(['weather']);
    expect((await search(`?publisher=${encodeURIComponent(other.connector.config.participantId)}`)).items.map((i) => i.datasetId)).toEqual(['seals']);
    expect((await peers()).map((p) => [p.source, p.stale]).sort()).toEqual([
      ['config', false],
      ['directory', false],
    ]);

    proxy.mode = 'tamper';
    proxy.tamper = (body) => body.replace('{"@value":5}', '{"@value":6}');
    await consumer.connector.catalog.crawler.crawlOnce();
    expect((await search(`?publisher=${encodeURIComponent(providerDid)}`)).total).toBe(2);
    expect((await peers()).find((p) => p.peerId === providerDid)).toMatchObject({ stale: false, offerCount: 2, rejectedCount: 1 });

    proxy.mode = 'down';
    const failed = await consumer.connector.catalog.crawler.crawlOnce();
    expect(failed.find((o) => o.peerId === providerDid)).toMatchObject({ ok: false });
    expect((await search(`?publisher=${encodeURIComponent(providerDid)}`)).total).toBe(2);
    expect((await peers()).find((p) => p.peerId === providerDid)).toMatchObject({ stale: true, offerCount: 2, lastError: expect.stringMatching(/PEER_UNAVAILABLE/) });
    proxy.mode = 'pass';
  });

  it('should export an offer as a signed Gaia-X style ServiceOffering / DataResource credential', async () => {
    const { body } = await catalogRequest({ counterPartyAddress: `${provider.publicUrl}/api/dsp` });
    const offerId = body.offers[0]?.offerId ?? '';
    const res = await provider.api(`/api/v1/offers/${encodeURIComponent(offerId)}/gaia-x`);
    expect(res.status).toBe(200);
    const credential = (await res.json()) as { issuer: string; credentialSubject: { type: string }[] };
    expect(credential.issuer).toBe(provider.connector.config.participantId);
    expect(credential.credentialSubject.map((s) => s.type)).toEqual(['gx:ServiceOffering', 'gx:DataResource']);
    expect(await checkCredentialProof(credential, consumer.connector.identity!.runtime.documentLoader, systemClock.now())).toEqual([]);
    expect((await provider.api(`/api/v1/offers/${encodeURIComponent('urn:kontor:offer:nope:penguins:0000000000000000')}/gaia-x`)).status).toBe(404);
  });

  it('should refuse the directory to callers without a participant token', async () => {
    expect((await fetch(`${authority.publicUrl}/api/directory`)).status).toBe(401);
    const withQuery = await fetch(`${authority.publicUrl}/api/directory?bogus=1`);
    expect([withQuery.status, ((await withQuery.json()) as { code: string }).code]).toEqual([400, 'INVALID_QUERY']);
  });
});
