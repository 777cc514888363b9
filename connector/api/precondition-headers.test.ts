import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../test/helpers/start-connector.js';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

const asset = (id: string, title = 'Wind') => ({ id, properties: { title }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' } });
const edcAsset = (id: string, name: string) => ({ '@id': id, properties: { name }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' } });

async function problem(res: Response, status: number, code: string): Promise<{ detail: string; errors?: { pointer: string }[] }> {
  const body = (await res.json()) as { code: string; detail: string; errors?: { pointer: string }[] };
  expect({ status: res.status, code: body.code }, body.detail).toEqual({ status, code });
  return body;
}

describe('precondition headers on the management API', () => {
  it('should delete only at the version If-Match names: a stale one is a 409 and the resource stays', async () => {
    await c.api('/api/v1/assets', { method: 'POST', json: asset('d1') });
    await c.api('/api/v1/assets/d1', { method: 'PUT', json: asset('d1', 'Wind 2') });
    await problem(await c.api('/api/v1/assets/d1', { method: 'DELETE', headers: { 'if-match': '"v1"' } }), 409, 'VERSION_CONFLICT');
    expect((await c.api('/api/v1/assets/d1')).status).toBe(200);
    await problem(await c.api('/api/v1/assets/d1', { method: 'DELETE', headers: { 'if-match': 'yesterday' } }), 400, 'VALIDATION_FAILED');
    expect((await c.api('/api/v1/assets/d1', { method: 'DELETE', headers: { 'if-match': '"v2"' } })).status).toBe(204);
  });

  it('should honour If-Match on the EDC v3 replace and delete', async () => {
    expect((await c.api('/management/v3/assets', { method: 'POST', json: edcAsset('e1', 'One') })).status).toBe(200);
    await problem(await c.api('/management/v3/assets', { method: 'PUT', json: edcAsset('e1', 'Two'), headers: { 'if-match': '"v7"' } }), 409, 'VERSION_CONFLICT');
    expect((await c.connector.stores.assets.getById('e1')).properties.title).toBe('One');
    expect((await c.api('/management/v3/assets', { method: 'PUT', json: edcAsset('e1', 'Two'), headers: { 'if-match': '"v1"' } })).status).toBe(204);
    await problem(await c.api('/management/v3/assets/e1', { method: 'DELETE', headers: { 'if-match': '"v1"' } }), 409, 'VERSION_CONFLICT');
    expect(await c.connector.stores.assets.findById('e1')).toBeDefined();
    expect((await c.api('/management/v3/assets/e1', { method: 'DELETE', headers: { 'if-match': '"v2"' } })).status).toBe(204);
  });

  it('should refuse, naming it, a precondition a route does not honour, and do nothing', async () => {
    const refused = async (path: string, init: RequestInit & { json?: unknown }, header: string) => {
      const body = await problem(await c.api(path, init), 400, 'VALIDATION_FAILED');
      expect(body.errors?.map((e) => e.pointer)).toEqual([header]);
    };
    await refused('/api/v1/assets', { method: 'POST', json: asset('p1'), headers: { 'if-match': '"v1"' } }, 'If-Match');
    await refused('/api/v1/assets', { method: 'POST', json: asset('p1'), headers: { 'if-none-match': '*' } }, 'If-None-Match');
    expect(await c.connector.stores.assets.findById('p1')).toBeUndefined();
    await c.api('/api/v1/assets', { method: 'POST', json: asset('p1') });
    await refused('/api/v1/assets/p1', { headers: { 'if-match': '"v9"' } }, 'If-Match');
    await refused('/api/v1/assets/p1', { method: 'DELETE', headers: { 'if-unmodified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' } }, 'If-Unmodified-Since');
    await refused('/api/v1/assets/p1', { method: 'DELETE', headers: { 'if-none-match': '"v1"' } }, 'If-None-Match');
    await refused('/management/v3/assets/p1', { headers: { 'if-match': '"v1"' } }, 'If-Match');
    await refused('/api/v1/agreements/none/revoke', { method: 'POST', headers: { 'if-match': '"v1"' } }, 'If-Match');
    expect(await c.connector.stores.assets.findById('p1')).toBeDefined();
    // A GET answers If-None-Match: 304 when the ETag matches, the resource when not. (fetch would add
    // `Cache-Control: no-cache`, which asks for the resource whatever the ETag, without a Cache-Control of its own.)
    const get = (etag: string) => c.api('/api/v1/assets/p1', { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } });
    expect((await get('"v1"')).status).toBe(304);
    expect((await get('"v0"')).status).toBe(200);
  });
});
