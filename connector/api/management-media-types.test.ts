import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../test/helpers/start-connector.js';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

const asset = { id: 'm1', properties: { title: 'Wind' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' } };
const send = (path: string, method: string, type: string, body: unknown) => c.api(path, { method, headers: { 'content-type': type }, body: JSON.stringify(body) });

describe('management API body media types', () => {
  it('should read application/json only on /api/v1: a patch or JSON-LD type is a 415, never read as the whole resource', async () => {
    expect((await send('/api/v1/assets', 'POST', 'application/json; charset=utf-8', asset)).status).toBe(201);
    for (const type of ['application/merge-patch+json', 'application/json-patch+json', 'application/ld+json', 'application/vnd.kontor+json']) {
      const res = await send('/api/v1/assets/m1', 'PUT', type, { ...asset, properties: { title: 'Patched' } });
      expect({ type, status: res.status, code: ((await res.json()) as { code: string }).code }).toEqual({ type, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    expect((await c.connector.stores.assets.getById('m1')).properties.title).toBe('Wind');
  });

  it('should read application/json and application/ld+json on the EDC v3 layer, and refuse a patch type', async () => {
    const edc = { '@id': 'm2', properties: { name: 'Two' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' } };
    expect((await send('/management/v3/assets', 'POST', 'application/ld+json', edc)).status).toBe(200);
    expect((await send('/management/v3/assets/request', 'POST', 'application/ld+json', {})).status).toBe(200);
    const patch = await send('/management/v3/assets', 'PUT', 'application/merge-patch+json', { ...edc, properties: { name: 'Patched' } });
    expect(patch.status).toBe(415);
    expect((await c.connector.stores.assets.getById('m2')).properties.title).toBe('Two');
  });
});
