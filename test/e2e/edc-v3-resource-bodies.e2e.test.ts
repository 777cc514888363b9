import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LooseJson } from '../helpers/loose-json.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { get, post } from '../helpers/edc-v3-calls.js';

const CTX = { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' };
const ASSET = { '@context': CTX, '@id': 'asset-1', properties: { name: 'One' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } };
type Problem = { errors: { pointer: string; message: string }[] };

describe('EDC v3 bodies: @id, createdAt and ids as a v3 client sends them', () => {
  let c: RunningConnector;
  beforeAll(async () => {
    c = await startConnector('sqlite');
    expect((await post(c, '/assets', ASSET)).status).toBe(200);
    expect((await post(c, '/policydefinitions', { '@context': CTX, '@id': 'p1', policy: { '@context': 'http://www.w3.org/ns/odrl.jsonld', '@type': 'Set' } })).status).toBe(200);
  });
  afterAll(async () => c?.stop());

  const send = async (method: string, path: string, json: unknown) => {
    const res = await c.api(`/management/v3${path}`, { method, json });
    return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as LooseJson & Problem };
  };

  it('takes back on PUT the createdAt that GET showed, and refuses another one naming /createdAt', async () => {
    const asset = await get(c, '/assets/asset-1');
    expect((await send('PUT', '/assets', asset)).status).toBe(204);
    const policy = await get(c, '/policydefinitions/p1');
    expect((await send('PUT', '/policydefinitions/p1', policy)).status).toBe(204);
    const moved = await send('PUT', '/assets', { ...asset, createdAt: Number(asset.createdAt) + 1 });
    expect(moved.status).toBe(400);
    expect(moved.body.errors).toEqual([{ pointer: '/createdAt', message: expect.stringContaining(String(asset.createdAt)) }]);
    expect((await get(c, '/assets/asset-1')).createdAt).toBe(asset.createdAt);
  });

  it('names /@id, saying what an id may be, for an id outside the id pattern', async () => {
    for (const id of ['a b', 'a*b', '-a']) {
      const res = await post(c, '/assets', { ...ASSET, '@id': id });
      expect(res.status, id).toBe(400);
      expect((res.body as unknown as Problem).errors, id).toEqual([{ pointer: '/@id', message: expect.stringMatching(/1 to 200 characters from A-Z a-z 0-9 \. _ : ~ @ \+ -/) }]);
    }
  });

  it('refuses, naming /@id, a body @id that differs from the path id or that the route does not read', async () => {
    const other = { '@context': CTX, '@id': 'b', reason: 'r' };
    for (const path of ['/contractnegotiations/a/terminate', '/transferprocesses/a/terminate', '/transferprocesses/a/suspend']) {
      const res = await send('POST', path, other);
      expect(res.status, path).toBe(400);
      expect(res.body.errors, path).toEqual([{ pointer: '/@id', message: "differs from the id in the path 'a'" }]);
    }
    const resume = await send('POST', '/transferprocesses/a/resume', { '@context': CTX, '@id': 'b', '@type': 'ResumeTransfer' });
    expect(resume.body.errors).toEqual([{ pointer: '/@id', message: "differs from the id in the path 'a'" }]);
    // The same id as the path's is taken: the route goes on to the (absent) negotiation.
    expect((await send('POST', '/contractnegotiations/a/terminate', { ...other, '@id': 'a' })).status).toBe(404);
    const query = await send('POST', '/assets/request', { '@context': CTX, '@id': 'q', '@type': 'QuerySpec' });
    expect(query.body.errors).toEqual([{ pointer: '/@id', message: expect.stringMatching(/means nothing on this route/) }]);
    const catalog = await send('POST', '/catalog/request', {
      '@context': CTX,
      '@id': 'x',
      counterPartyId: 'did:web:x',
      counterPartyAddress: 'http://127.0.0.1:9/api/dsp',
      protocol: 'dataspace-protocol-http:2025-1',
    });
    expect(catalog.body.errors).toEqual([{ pointer: '/@id', message: expect.stringMatching(/means nothing on this route/) }]);
  });

  it('stores asset properties named like Object.prototype members, sorts by them, and refuses __proto__ (never a 500)', async () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      const id = `proto-${name}`;
      expect((await post(c, '/assets', { ...ASSET, '@id': id, properties: { name: 'P', [name]: 'x' } })).status, name).toBe(200);
      expect((await get(c, `/assets/${id}`)).properties, name).toMatchObject({ [name]: 'x' });
      expect((await send('POST', '/assets/request', { '@context': CTX, '@type': 'QuerySpec', sortField: name })).status, name).toBe(200);
    }
    const res = await c.api('/management/v3/assets', {
      method: 'POST',
      body: '{"@context":{"@vocab":"https://w3id.org/edc/v0.0.1/ns/"},"@id":"proto-x","properties":{"__proto__":{"x":1},"name":"n"},"dataAddress":{"type":"HttpData","baseUrl":"http://127.0.0.1:9/"}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).errors).toEqual([expect.objectContaining({ pointer: '/properties/__proto__' })]);
    expect((await c.api('/management/v3/assets/proto-x')).status).toBe(404);
  });
});
