import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

const EDC = { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' };
const address = { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' };
const policy = { '@context': 'http://www.w3.org/ns/odrl.jsonld', '@type': 'Set', permission: [{ action: 'use' }] };

/** The problem a v3 write answers: status, code and each pointer with its message. */
async function problem(path: string, method: string, json: unknown) {
  const res = await c.api(path, { method, json });
  const body = (await res.json()) as { code: string; errors?: { pointer: string; message: string }[] };
  return { status: res.status, code: body.code, errors: body.errors };
}
const required = (...pointers: string[]) => ({ status: 400, code: 'VALIDATION_FAILED', errors: pointers.map((pointer) => ({ pointer, message: 'is required' })) });

describe('EDC v3 bodies holding nothing but an @id', () => {
  it('should name the property each resource requires, on create (with the EDC context, without one, and with no @id either)', async () => {
    for (const body of [{ '@context': EDC, '@id': 'x' }, { '@id': 'x' }, { '@context': EDC }, {}]) {
      expect(await problem('/management/v3/assets', 'POST', body), JSON.stringify(body)).toEqual(required('/dataAddress'));
      expect(await problem('/management/v3/policydefinitions', 'POST', body), JSON.stringify(body)).toEqual(required('/policy'));
      expect(await problem('/management/v3/contractdefinitions', 'POST', body), JSON.stringify(body)).toEqual(required('/accessPolicyId', '/contractPolicyId'));
    }
    expect(await c.connector.stores.assets.findById('x')).toBeUndefined();
    expect(await c.connector.stores.policies.findById('x')).toBeUndefined();
    expect(await c.connector.stores.contractDefinitions.findById('x')).toBeUndefined();
  });

  it('should name the property each resource requires on a replace, and leave the stored resource as it was', async () => {
    expect((await c.api('/management/v3/assets', { method: 'POST', json: { '@context': EDC, '@id': 'a1', properties: { name: 'One' }, dataAddress: address } })).status).toBe(200);
    expect((await c.api('/management/v3/policydefinitions', { method: 'POST', json: { '@context': EDC, '@id': 'p1', policy } })).status).toBe(200);
    const definition = { '@context': EDC, '@id': 'cd1', accessPolicyId: 'p1', contractPolicyId: 'p1' };
    expect((await c.api('/management/v3/contractdefinitions', { method: 'POST', json: definition })).status).toBe(200);

    expect(await problem('/management/v3/assets', 'PUT', { '@context': EDC, '@id': 'a1' })).toEqual(required('/dataAddress'));
    expect(await problem('/management/v3/policydefinitions/p1', 'PUT', { '@context': EDC, '@id': 'p1' })).toEqual(required('/policy'));
    expect(await problem('/management/v3/contractdefinitions', 'PUT', { '@context': EDC, '@id': 'cd1' })).toEqual(required('/accessPolicyId', '/contractPolicyId'));
    expect((await c.connector.stores.assets.getById('a1')).version).toBe(1);
    expect((await c.connector.stores.policies.getById('p1')).version).toBe(1);
    expect((await c.connector.stores.contractDefinitions.getById('cd1')).version).toBe(1);
  });

  it('should still name one missing id of a contract definition alone', async () => {
    expect(await problem('/management/v3/contractdefinitions', 'POST', { '@context': EDC, '@id': 'cd2', accessPolicyId: 'p1' })).toEqual(required('/contractPolicyId'));
  });
});
