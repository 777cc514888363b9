import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../../test/helpers/start-connector.js';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

const address = { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' };
const policy = { '@type': 'Set', permission: [{ action: 'use' }] };

async function refusedAt(path: string, method: string, json: unknown): Promise<string[]> {
  const res = await c.api(path, { method, json });
  const body = (await res.json()) as { code: string; errors?: { pointer: string }[] };
  expect({ status: res.status, code: body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  return (body.errors ?? []).map((e) => e.pointer);
}

describe('EDC v3 ids', () => {
  it('should act on the @id as written: one JSON-LD would resolve into another id is a 400, for every resource', async () => {
    expect((await c.api('/management/v3/assets', { method: 'POST', json: { '@id': 'a1', properties: { name: 'One' }, dataAddress: address } })).status).toBe(200);
    expect(await refusedAt('/management/v3/assets', 'PUT', { '@id': 'other/../a1', properties: { name: 'Overwritten' }, dataAddress: address })).toEqual(['/@id']);
    expect(await refusedAt('/management/v3/assets', 'POST', { '@id': '../x', properties: { name: 'X' }, dataAddress: address })).toEqual(['/@id']);
    expect((await c.connector.stores.assets.getById('a1')).properties.title).toBe('One');
    expect(await c.connector.stores.assets.findById('x')).toBeUndefined();
    expect(await refusedAt('/management/v3/policydefinitions', 'POST', { '@id': 'p/../p1', policy })).toEqual(['/@id']);
    expect(await refusedAt('/management/v3/contractdefinitions', 'POST', { '@id': './cd1', accessPolicyId: 'p1', contractPolicyId: 'p1' })).toEqual(['/@id']);
    expect(await c.connector.stores.policies.findById('p1')).toBeUndefined();
  });
});
