import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseOfferId } from '../../catalog/offer/offer-id.js';
import { resolveOffer } from '../../catalog/offer/offer-resolver.js';
import { describeWithDspSchemas } from '../helpers/dsp-schema-location.js';
import { validateDsp, validateDspEverywhere } from '../helpers/dsp-schemas.js';
import { PROVIDER_ID, startProvider, type RunningProvider } from './catalog-fixture.js';

const CONTEXT = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const requestMessage = (filter?: unknown[]) => ({ '@context': CONTEXT, '@type': 'CatalogRequestMessage', ...(filter ? { filter } : {}) });

interface Catalog {
  '@id': string;
  participantId: string;
  service: { endpointURL: string }[];
  dataset?: { '@id': string; hasPolicy: { '@id': string }[]; distribution: unknown[] }[];
}

/** Every 2025-1 and TCK schema that exists for the type must accept the message. */
function expectConformant(type: string, json: unknown): void {
  const results = validateDspEverywhere(type, json);
  expect(Object.keys(results).length).toBeGreaterThan(0);
  for (const [set, result] of Object.entries(results)) expect({ set, ...result }).toEqual({ set, valid: true, errors: [] });
}

let provider: RunningProvider;
beforeAll(async () => {
  provider = await startProvider();
});
afterAll(async () => provider.stop());

async function catalogRequest(token: string, body: unknown = requestMessage(), query = ''): Promise<Response> {
  expectConformant('CatalogRequestMessage', body);
  return fetch(`${provider.base}/catalog/request${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describeWithDspSchemas('GET /.well-known/dspace-version', () => {
  it('should answer without authentication with a schema-valid version document', async () => {
    const res = await fetch(`${provider.url}/.well-known/dspace-version`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.json();
    expectConformant('VersionResponse', body);
    expect(body).toEqual({ protocolVersions: [{ version: '2025-1', path: '/api/dsp', binding: 'HTTPS', serviceId: `${PROVIDER_ID}#dsp`, identifierType: 'did:web' }] });
  });
});

describeWithDspSchemas('POST <base>/catalog/request', () => {
  it('should give a guest the open datasets only, as a schema-valid Catalog', async () => {
    const res = await catalogRequest('token-guest');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('link')).toBeNull();
    const catalog = (await res.json()) as Catalog;
    expectConformant('Catalog', catalog);
    expect(catalog.participantId).toBe(PROVIDER_ID);
    expect(catalog.service[0]?.endpointURL).toBe(provider.base);
    expect(catalog.dataset?.map((d) => d['@id'])).toEqual(['a01', 'a02', 'a03', 'a04', 'a05', 'a06', 'a07']);
    expect(catalog.dataset?.every((d) => d.hasPolicy.length === 1)).toBe(true);
    expect(JSON.stringify(catalog)).not.toContain('internal.example');
  });

  it('should show a member the members-only dataset and the extra offer, each offer id resolving back', async () => {
    const catalog = (await (await catalogRequest('token-member')).json()) as Catalog;
    expectConformant('Catalog', catalog);
    expect(catalog.dataset?.map((d) => d['@id'])).toEqual(['a01', 'a02', 'a03', 'a04', 'a05', 'a06', 'a07', 'urn:asset:members/only']);
    const a01 = catalog.dataset?.[0];
    // Offers follow the definitions' store order (created_at, then id; the test clock is fixed).
    expect(a01?.hasPolicy.map((o) => parseOfferId(o['@id'])?.definitionId)).toEqual(['d-members', 'd-open']);
    const lookup = {
      findDefinition: (id: string) => provider.stores.contractDefinitions.findById(id),
      findAsset: (id: string) => provider.stores.assets.findById(id),
      findPolicy: (id: string) => provider.stores.policies.findById(id),
    };
    for (const offer of a01?.hasPolicy ?? []) expect(await resolveOffer(offer['@id'], lookup)).toMatchObject({ ok: true, offer: { asset: { id: 'a01' } } });
  });

  it('should hide offers whose access check throws (fail closed), and assets nobody offers', async () => {
    const catalog = (await (await catalogRequest('token-member')).json()) as Catalog;
    expect(catalog.dataset?.map((d) => d['@id'])).not.toContain('orphan');
  });

  it('should apply supported filters', async () => {
    const catalog = (await (await catalogRequest('token-guest', requestMessage([{ keyword: 'even' }]))).json()) as Catalog;
    expect(catalog.dataset?.map((d) => d['@id'])).toEqual(['a02', 'a04', 'a06']);
    const none = (await (await catalogRequest('token-guest', requestMessage([{ q: 'no such thing' }]))).json()) as Catalog;
    expectConformant('Catalog', none);
    expect(none.dataset).toBeUndefined();
    const empty = await catalogRequest('token-guest', requestMessage([]));
    expect(empty.status).toBe(200);
  });

  it('should page with Link next/previous until every dataset was seen once', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${provider.base}/catalog/request?limit=3`;
    const relations: string[][] = [];
    while (url) {
      const res: Response = await fetch(url, {
        method: 'POST',
        headers: { authorization: 'Bearer token-member', 'content-type': 'application/json' },
        body: JSON.stringify(requestMessage()),
      });
      expect(res.status).toBe(200);
      const catalog = (await res.json()) as Catalog;
      expectConformant('Catalog', catalog);
      seen.push(...(catalog.dataset ?? []).map((d) => d['@id']));
      const link = res.headers.get('link') ?? '';
      relations.push([...link.matchAll(/rel="([^"]+)"/g)].map((m) => m[1] ?? ''));
      url = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    }
    expect(seen).toEqual(['a01', 'a02', 'a03', 'a04', 'a05', 'a06', 'a07', 'urn:asset:members/only']);
    // Pages move over the 8 datasets the member may see; the orphan (offered to nobody) takes no place in them.
    expect(relations).toEqual([['next'], ['previous', 'next'], ['previous']]);
  });

  it('should answer a filter matching only datasets hidden from the requester exactly as one matching nothing', async () => {
    const answer = async (token: string, q: string, query: string) => {
      const res = await catalogRequest(token, requestMessage([{ q }]), query);
      return { status: res.status, link: res.headers.get('link'), body: await res.text() };
    };
    for (const query of ['?limit=1', '?offset=0&limit=1', '?offset=1&limit=1']) {
      const nothing = await answer('token-guest', 'nothing at all', query);
      expect(nothing.status).toBe(200);
      expect(await answer('token-guest', 'Members only', query)).toEqual(nothing);
      expect(await answer('token-guest', 'orphan', query)).toEqual(nothing);
      expect(await answer('token-guest', 'members/only', query)).toEqual(nothing);
    }
    expect(((await (await catalogRequest('token-member', requestMessage([{ q: 'Members only' }]), '?limit=1')).json()) as Catalog).dataset?.[0]?.['@id']).toBe(
      'urn:asset:members/only',
    );
    // A guest's first page of 7 holds every open dataset; the members-only asset behind it makes no next page.
    const res = await catalogRequest('token-guest', requestMessage(), '?limit=7');
    expect(res.headers.get('link')).toBeNull();
    expect(((await res.json()) as Catalog).dataset).toHaveLength(7);
  });
});

describeWithDspSchemas('GET <base>/catalog/datasets/{id}', () => {
  it('should return a schema-valid Dataset to a participant who may see it', async () => {
    const res = await fetch(`${provider.base}/catalog/datasets/${encodeURIComponent('urn:asset:members/only')}`, { headers: { authorization: 'Bearer token-member' } });
    expect(res.status).toBe(200);
    const dataset = (await res.json()) as { '@id': string; hasPolicy: Record<string, unknown>[] };
    expectConformant('Dataset', dataset);
    expect(dataset['@id']).toBe('urn:asset:members/only');
    expect(dataset.hasPolicy[0]).toMatchObject({
      permission: [{ action: 'use', constraint: [{ leftOperand: 'spatial', operator: 'eq' }] }],
      prohibition: [{ action: 'distribute' }],
    });
  });

  it('should accept a DatasetRequestMessage naming the same dataset as valid (the binding sends none)', () => {
    expect(validateDsp('2025-1', 'DatasetRequestMessage', { '@context': CONTEXT, '@type': 'DatasetRequestMessage', dataset: 'a01' }).valid).toBe(true);
  });
});
