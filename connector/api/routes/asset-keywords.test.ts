import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../../test/helpers/start-connector.js';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

const asset = (id: string, keywords: string[]) => ({ id, properties: { title: id, keywords }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' } });
const found = async (keyword: string) =>
  ((await (await c.api(`/api/v1/assets?keyword=${encodeURIComponent(keyword)}`)).json()) as { items: { id: string }[] }).items.map((a) => a.id);

describe('the asset keyword filter', () => {
  it('should match one whole keyword, never two across their boundary', async () => {
    expect((await c.api('/api/v1/assets', { method: 'POST', json: asset('k1', ['x', 'y']) })).status).toBe(201);
    expect(await found('x')).toEqual(['k1']);
    expect(await found('Y')).toEqual(['k1']);
    const res = await c.api(`/api/v1/assets?keyword=${encodeURIComponent('x|y')}`);
    const body = (await res.json()) as { code: string; errors: { pointer: string }[] };
    expect({ status: res.status, code: body.code, pointers: body.errors.map((e) => e.pointer) }).toEqual({ status: 400, code: 'INVALID_QUERY', pointers: ['?keyword'] });
  });

  it('should refuse a keyword holding a |, naming it, on both APIs', async () => {
    const res = await c.api('/api/v1/assets', { method: 'POST', json: asset('k2', ['ok', 'x|y']) });
    const body = (await res.json()) as { code: string; errors: { pointer: string }[] };
    expect({ status: res.status, code: body.code, pointers: body.errors.map((e) => e.pointer) }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      pointers: ['/properties/keywords/1'],
    });
    const edc = { '@id': 'k3', properties: { name: 'K3', keywords: ['a|b'] }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' } };
    expect((await c.api('/management/v3/assets', { method: 'POST', json: edc })).status).toBe(400);
    expect(await c.connector.stores.assets.findById('k2')).toBeUndefined();
    expect(await c.connector.stores.assets.findById('k3')).toBeUndefined();
  });
});
