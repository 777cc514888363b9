import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

/**
 * Routes match one spelling: a write through a case variant of a management path is a 404 that changes nothing, so it
 * can never change the catalog without the catalog (and the other replicas) being told (onWrite reads the path).
 */
describe('case variants of management paths', () => {
  let c: RunningConnector;
  beforeAll(async () => {
    c = await startConnector('sqlite');
    await c.api('/api/v1/assets', { method: 'POST', json: { id: 'CASE2', properties: { title: 'c2' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } } });
    await c.api('/api/v1/policies', { method: 'POST', json: { id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } } });
    const selector = [{ operandLeft: 'id', operator: '=', operandRight: 'CASE2' }];
    expect(
      (await c.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd-case2', accessPolicyId: 'open', contractPolicyId: 'open', assetsSelector: selector } }))
        .status,
    ).toBe(201);
  });
  afterAll(async () => c?.stop());

  const offered = async () => {
    const res = await fetch(`${c.publicUrl}/api/dsp/catalog/request`, {
      method: 'POST',
      headers: { authorization: 'Dev did:web:requester.example', 'content-type': 'application/json' },
      body: JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' }),
    });
    expect(res.status).toBe(200);
    return (((await res.json()) as { dataset?: { '@id': string }[] }).dataset ?? []).map((d) => d['@id']);
  };

  it('should answer a case-variant write with 404 ROUTE_NOT_FOUND and change nothing', async () => {
    expect(await offered()).toContain('CASE2');
    for (const path of ['/Api/V1/Contract-Definitions/cd-case2', '/api/v1/Contract-Definitions/cd-case2', '/Management/V3/ContractDefinitions/cd-case2']) {
      const res = await c.api(path, { method: 'DELETE' });
      expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    }
    const asset = { properties: { title: 'renamed' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } };
    expect((await c.api('/API/v1/assets/CASE2', { method: 'PUT', json: asset })).status).toBe(404);
    expect((await c.api('/api/v1/contract-definitions/cd-case2')).status).toBe(200);
    expect(((await (await c.api('/api/v1/assets/CASE2')).json()) as { properties: { title: string } }).properties.title).toBe('c2');
    expect(await offered()).toContain('CASE2');
  });

  it('should take the write through its own spelling, a trailing slash included, and drop the offer from the catalog', async () => {
    expect((await c.api('/api/v1/contract-definitions/cd-case2/', { method: 'DELETE' })).status).toBe(204);
    await eventually('the catalog without CASE2', async () => ((await offered()).includes('CASE2') ? undefined : true));
  });
});
