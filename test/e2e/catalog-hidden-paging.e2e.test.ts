import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { didWebFromUrl } from '../../connector/identity/index.js';
import { freePort } from '../helpers/connector-process.js';
import { startAuthority, type RunningAuthority } from '../helpers/start-authority.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

// Two members with real DCP identities: the provider offers `public-1` to members and two "merger" assets behind an
// access policy the consumer fails (a framework agreement it never signed). Paging must not betray the hidden ones.
let authority: RunningAuthority;
let provider: RunningConnector;
let consumer: RunningConnector;

const dcp = (a: RunningAuthority) => ({ 'identity.kind': 'dcp', 'identity.authorityUrl': a.publicUrl, 'identity.trustedIssuers': [a.did], 'did.allowHttpLoopback': true });
const constrained = (constraint: Record<string, unknown>[]) => ({ '@type': 'Set', permission: [{ action: 'use', constraint }] });
const membership = { leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' };

async function create(path: string, json: Record<string, unknown>): Promise<void> {
  const res = await provider.api(path, { method: 'POST', json });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(201);
}

beforeAll(async () => {
  authority = await startAuthority();
  const [pPort, cPort] = [await freePort(), await freePort()];
  for (const [port, name] of [
    [pPort, 'Provider GmbH'],
    [cPort, 'Consumer AG'],
  ] as const) {
    const json = { did: didWebFromUrl(`http://127.0.0.1:${port}`), legalName: name, roles: ['member'], frameworkAgreements: ['DataExchangeGovernance:1.0'] };
    expect((await authority.api('/api/v1/participants', { method: 'POST', json })).status).toBe(201);
  }
  provider = await startConnector('sqlite', {}, dcp(authority), pPort);
  consumer = await startConnector('sqlite', {}, dcp(authority), cPort);
  const dataAddress = { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' };
  await create('/api/v1/assets', { id: 'public-1', properties: { title: 'Weather' }, dataAddress });
  for (const firm of ['acme', 'globex']) await create('/api/v1/assets', { id: `secret-merger-${firm}`, properties: { title: `Merger with ${firm}` }, dataAddress });
  await create('/api/v1/assets', { id: 'unoffered-merger', properties: { title: 'Merger nobody offers' }, dataAddress });
  await create('/api/v1/policies', { id: 'members', policy: constrained([membership]) });
  await create('/api/v1/policies', {
    id: 'insiders',
    policy: constrained([membership, { leftOperand: 'cx-policy:FrameworkAgreement', operator: 'eq', rightOperand: 'Insider:1.0' }]),
  });
  const selector = (ids: string[]) => [{ operandLeft: 'id', operator: 'in', operandRight: ids }];
  await create('/api/v1/contract-definitions', { id: 'cd-public', accessPolicyId: 'members', contractPolicyId: 'members', assetsSelector: selector(['public-1']) });
  const secret = selector(['secret-merger-acme', 'secret-merger-globex']);
  await create('/api/v1/contract-definitions', { id: 'cd-secret', accessPolicyId: 'insiders', contractPolicyId: 'members', assetsSelector: secret });
});
afterAll(async () => {
  for (const c of [consumer, provider]) await c?.stop();
  await authority?.stop();
});

/** The consumer's DSP catalog request to the provider, with its own DCP token: status, Link header and body. */
async function asConsumer(query: string, filter?: Record<string, string>[]) {
  const token = await consumer.connector.identity!.peerAuth.tokenFor(provider.connector.config.participantId);
  const res = await fetch(`${provider.publicUrl}/api/dsp/catalog/request${query}`, {
    method: 'POST',
    headers: { authorization: token, 'content-type': 'application/json' },
    body: JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage', ...(filter ? { filter } : {}) }),
  });
  const body = (await res.json()) as { dataset?: { '@id': string }[] } & Record<string, unknown>;
  return { status: res.status, link: res.headers.get('link'), body };
}

describe('catalog paging over what the requester may see', () => {
  it('should answer a filter matching only hidden assets exactly as one matching nothing', async () => {
    const hiddenDataset = await fetch(`${provider.publicUrl}/api/dsp/catalog/datasets/secret-merger-acme`, {
      headers: { authorization: await consumer.connector.identity!.peerAuth.tokenFor(provider.connector.config.participantId) },
    });
    expect(hiddenDataset.status).toBe(404);
    for (const query of ['?limit=1', '?offset=1&limit=1', '']) {
      const nothing = await asConsumer(query, [{ q: 'nothingatall' }]);
      expect(nothing.status).toBe(200);
      expect(nothing.link ?? '').not.toContain('rel="next"');
      expect(nothing.body.dataset ?? []).toEqual([]);
      for (const q of ['merger', 'secret-merger-acme', 'globex', 'Merger nobody']) expect(await asConsumer(query, [{ q }]), `q=${q} ${query}`).toEqual(nothing);
    }
  });

  it('should page the unfiltered catalog over the visible dataset alone, with no next page for the hidden ones', async () => {
    const first = await asConsumer('?limit=1');
    expect(first.body.dataset?.map((d) => d['@id'])).toEqual(['public-1']);
    expect(first.link).toBeNull();
    const second = await asConsumer('?offset=1&limit=1');
    expect(second.body.dataset ?? []).toEqual([]);
    expect(second.link).not.toContain('rel="next"');
  });
});
