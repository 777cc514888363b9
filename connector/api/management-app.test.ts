import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../test/helpers/start-connector.js';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

const asset = { id: 'a1', properties: { title: 'Wind', keywords: ['wind'] }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x', authorization: 'hunter2' } };
const policy = { id: 'p1', policy: { '@type': 'Set', permission: [{ action: 'use' }] } };

async function problem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: expect.stringContaining(code), title: expect.any(String) });
  return body;
}

describe('management API', () => {
  describe('authentication', () => {
    it('should answer 401 without X-Api-Key and with a wrong one', async () => {
      await problem(await fetch(`${c.managementUrl}/api/v1/assets`), 401, 'UNAUTHORIZED');
      await problem(await c.api('/api/v1/assets', { headers: { 'x-api-key': 'wrong-key-wrong-key' } }), 401, 'UNAUTHORIZED');
    });

    it('should serve health, the document and the reference page without a key', async () => {
      expect((await fetch(`${c.managementUrl}/health`)).status).toBe(200);
      expect((await fetch(`${c.managementUrl}/api/v1/openapi.json`)).status).toBe(200);
      const page = await fetch(`${c.managementUrl}/api/v1/docs`);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
      expect((await fetch(`${c.managementUrl}/api/v1/docs/swagger-ui-bundle.js`)).status).toBe(200);
    });

    it('should refuse a reference-page file name that reaches out of its folder, and name a missing one by its name', async () => {
      for (const file of ['..%2F..%2Fpackage.json', '..%5Cpackage.json', '%2Fetc%2Fpasswd', '..hidden.js']) {
        const body = await problem(await fetch(`${c.managementUrl}/api/v1/docs/${file}`), 400, 'VALIDATION_FAILED');
        expect(JSON.stringify(body)).not.toContain('package.json');
      }
      const missing = await problem(await fetch(`${c.managementUrl}/api/v1/docs/nope.js`), 404, 'NOT_FOUND');
      expect(missing.detail).toBe('the reference page has no file "nope.js"');
    });
  });

  describe('assets', () => {
    it('should create (201 + Location + ETag), read, replace and delete', async () => {
      const created = await c.api('/api/v1/assets', { method: 'POST', json: asset });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe('/api/v1/assets/a1');
      expect(await created.json()).toEqual({ id: 'a1', version: 1 });
      const got = await c.api('/api/v1/assets/a1');
      expect(got.headers.get('etag')).toBe('"v1"');
      const body = (await got.json()) as { dataAddress: Record<string, unknown> };
      expect(body.dataAddress.authorization).toBe('<redacted>');
      const { id: _id, ...withoutId } = asset;
      const replaced = await c.api('/api/v1/assets/a1', { method: 'PUT', json: { ...withoutId, dataAddress: body.dataAddress }, headers: { 'if-match': '"v1"' } });
      expect(replaced.status).toBe(200);
      expect((await c.connector.stores.assets.getById('a1')).dataAddress.authorization).toBe('hunter2');
      await problem(await c.api('/api/v1/assets/a1', { method: 'PUT', json: withoutId, headers: { 'if-match': '"v1"' } }), 409, 'VERSION_CONFLICT');
      expect((await c.api('/api/v1/assets/a1', { method: 'DELETE' })).status).toBe(204);
      await problem(await c.api('/api/v1/assets/a1'), 404, 'NOT_FOUND');
    });

    it('should generate an id when none is given and refuse a duplicate', async () => {
      const { id: _id, ...withoutId } = asset;
      const res = await c.api('/api/v1/assets', { method: 'POST', json: withoutId });
      const { id } = (await res.json()) as { id: string };
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await problem(await c.api('/api/v1/assets', { method: 'POST', json: { ...withoutId, id } }), 409, 'ALREADY_EXISTS');
    });

    it('should refuse a query parameter on a route that takes none, naming it, and change nothing', async () => {
      const { id: _id, ...withoutId } = asset;
      const dryRun = await problem(await c.api('/api/v1/assets?dryRun=true', { method: 'POST', json: { ...withoutId, id: 'q-1' } }), 400, 'INVALID_QUERY');
      expect(dryRun.detail).toContain('?dryRun');
      expect(dryRun.errors).toEqual([expect.objectContaining({ pointer: '?dryRun' })]);
      await problem(await c.api('/api/v1/assets/q-1'), 404, 'NOT_FOUND');
      expect((await c.api('/api/v1/assets', { method: 'POST', json: { ...withoutId, id: 'q-1' } })).status).toBe(201);
      const force = await problem(await c.api('/api/v1/assets/q-1?force=1&cascade=1', { method: 'DELETE' }), 400, 'INVALID_QUERY');
      expect((force.errors as { pointer: string }[]).map((e) => e.pointer)).toEqual(['?force', '?cascade']);
      expect((await c.api('/api/v1/assets/q-1')).status).toBe(200);
      await problem(await c.api('/api/v1/assets/q-1?fields=id'), 400, 'INVALID_QUERY');
      await problem(await c.api('/api/v1/audit/verify?from=3'), 400, 'INVALID_QUERY');
      // The API key is checked first: a stranger learns nothing about the route's parameters.
      await problem(await fetch(`${c.managementUrl}/api/v1/assets/q-1?fields=id`), 401, 'UNAUTHORIZED');
      expect((await c.api('/api/v1/assets/q-1', { method: 'DELETE' })).status).toBe(204);
    });

    it('should page with a Link header and reject unknown query parameters', async () => {
      for (let i = 0; i < 3; i++) await c.api('/api/v1/assets', { method: 'POST', json: { ...asset, id: `page-${i}`, properties: { title: `Paged ${i}` } } });
      const res = await c.api('/api/v1/assets?q=paged&limit=2');
      expect(await res.json()).toMatchObject({ total: 3, limit: 2, offset: 0 });
      expect(res.headers.get('link')).toContain('rel="next"');
      const bad = await problem(await c.api('/api/v1/assets?limt=2&offset=-1'), 400, 'INVALID_QUERY');
      expect(bad.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '?limt' }), expect.objectContaining({ pointer: '?offset' })]));
    });
  });

  describe('bad input', () => {
    it.each([
      ['malformed JSON', '{"properties":', 'application/json', 400, 'MALFORMED_JSON'],
      ['a non-JSON media type', 'title=x', 'application/x-www-form-urlencoded', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['a JSON array', '[]', 'application/json', 400, 'VALIDATION_FAILED'],
      ['null', 'null', 'application/json', 400, 'VALIDATION_FAILED'],
    ])('should refuse %s with a problem', async (_name, body, type, status, code) => {
      await problem(await c.api('/api/v1/assets', { method: 'POST', body, headers: { 'content-type': type } }), status, code);
    });

    it('should name every wrong, missing and unknown field', async () => {
      const res = await c.api('/api/v1/assets', { method: 'POST', json: { id: 'bad id!', properties: { title: 5, extra: 1 }, dataAddress: {}, more: true } });
      const body = await problem(res, 400, 'VALIDATION_FAILED');
      const pointers = (body.errors as { pointer: string }[]).map((e) => e.pointer);
      expect(pointers).toEqual(expect.arrayContaining(['/id', '/properties/title', '/properties/extra', '/dataAddress/type', '/more']));
    });

    it('should refuse an oversize body with 413 and write nothing', async () => {
      const huge = { ...asset, id: 'huge', properties: { title: 'x', description: 'y'.repeat(2_000_000) } };
      await problem(await c.api('/api/v1/assets', { method: 'POST', json: huge }), 413, 'BODY_TOO_LARGE');
      expect(await c.connector.stores.assets.findById('huge')).toBeUndefined();
    });

    it('should answer unknown routes with 404 and wrong methods with 405, never HTML', async () => {
      await problem(await c.api('/api/v1/nothing'), 404, 'ROUTE_NOT_FOUND');
      const res = await c.api('/api/v1/assets', { method: 'PATCH' });
      await problem(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.get('allow')).toBe('GET, POST, HEAD');
      await problem(await c.api('/api/v1/assets/%E0%A4%A'), 400, 'VALIDATION_FAILED');
    });

    it('should refuse a body id that differs from the path and a malformed If-Match', async () => {
      await c.api('/api/v1/assets', { method: 'POST', json: { ...asset, id: 'same' } });
      await problem(await c.api('/api/v1/assets/same', { method: 'PUT', json: { ...asset, id: 'other' } }), 400, 'VALIDATION_FAILED');
      await problem(await c.api('/api/v1/assets/same', { method: 'PUT', json: asset, headers: { 'if-match': 'yesterday' } }), 400, 'VALIDATION_FAILED');
      // If-None-Match is honoured, not ignored: a PUT replaces what exists, so "create only" never holds.
      const same = { ...asset, id: 'same', properties: { title: 'replaced' } };
      await problem(await c.api('/api/v1/assets/same', { method: 'PUT', json: same, headers: { 'if-none-match': '*' } }), 409, 'VERSION_CONFLICT');
      await problem(await c.api('/api/v1/assets/same', { method: 'PUT', json: same, headers: { 'if-none-match': '"v1"' } }), 400, 'VALIDATION_FAILED');
      const kept = await c.api('/api/v1/assets/same');
      expect([kept.headers.get('etag'), ((await kept.json()) as { properties: { title: string } }).properties.title]).toEqual(['"v1"', asset.properties.title]);
    });
  });

  describe('bodies', () => {
    it('should refuse a body, of any type and however sent, on a route that takes none, and do nothing', async () => {
      expect((await c.api('/api/v1/assets', { method: 'POST', json: { ...asset, id: 'keep' } })).status).toBe(201);
      const refused = await problem(await c.api('/api/v1/assets/keep', { method: 'DELETE', json: { force: true } }), 400, 'VALIDATION_FAILED');
      expect(refused.detail).toBe('this route takes no request body');
      expect((await c.api('/api/v1/assets/keep')).status).toBe(200);
      await problem(await c.api('/api/v1/identity/cache/flush', { method: 'POST', body: 'bogus', headers: { 'content-type': 'text/plain' } }), 400, 'VALIDATION_FAILED');
      await problem(await c.api('/api/v1/identity/cache/flush', { method: 'POST', json: { bogus: 1 } }), 400, 'VALIDATION_FAILED');
      const chunked = new ReadableStream({
        start: (s) => {
          s.enqueue(new TextEncoder().encode('{"bogus":1}'));
          s.close();
        },
      });
      await problem(await c.api('/api/v1/transfers/none/resume', { method: 'POST', body: chunked, duplex: 'half' } as RequestInit), 400, 'VALIDATION_FAILED');
      for (const action of ['transfers/none/complete', 'negotiations/none/approve', 'negotiations/none/accept', 'trainings/none/stop', 'agreements/none/revoke'])
        await problem(await c.api(`/api/v1/${action}`, { method: 'POST', json: {} }), 400, 'VALIDATION_FAILED');
      expect((await c.api('/api/v1/identity/cache/flush', { method: 'POST' })).status).toBe(204);
      expect((await c.api('/api/v1/assets/keep', { method: 'DELETE', headers: { 'content-length': '0' } })).status).toBe(204);
    });

    it('should take an optional reason with or without a body, but not a JSON null', async () => {
      await problem(await c.api('/api/v1/transfers/none/suspend', { method: 'POST' }), 404, 'NOT_FOUND');
      await problem(await c.api('/api/v1/transfers/none/suspend', { method: 'POST', json: { reason: 'audit' } }), 404, 'NOT_FOUND');
      for (const action of ['transfers/none/suspend', 'transfers/none/terminate', 'negotiations/none/terminate', 'negotiations/none/reject'])
        await problem(await c.api(`/api/v1/${action}`, { method: 'POST', json: null }), 400, 'VALIDATION_FAILED');
      for (const action of ['transferprocesses/none/suspend', 'contractnegotiations/none/terminate'])
        await problem(await c.api(`/management/v3/${action}`, { method: 'POST', json: null }), 400, 'VALIDATION_FAILED');
    });

    it('should answer a request whose headers are over the limit with a 431 problem', async () => {
      const res = await fetch(`${c.managementUrl}/api/v1/assets`, { headers: { 'x-big': 'a'.repeat(20 * 1024) } });
      await problem(res, 431, 'HEADERS_TOO_LARGE');
    });
  });

  describe('contract definitions', () => {
    it('should answer a replace with the policy ids it stored', async () => {
      await c.api('/api/v1/policies', { method: 'POST', json: { ...policy, id: 'p-cd' } });
      expect((await c.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd-put', accessPolicyId: 'p-cd', contractPolicyId: 'p-cd' } })).status).toBe(201);
      const replaced = await c.api('/api/v1/contract-definitions/cd-put', { method: 'PUT', json: { accessPolicyId: 'p-cd', contractPolicyId: 'p-cd', approval: 'manual' } });
      expect(replaced.status).toBe(200);
      const body = (await replaced.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ id: 'cd-put', accessPolicyId: 'p-cd', contractPolicyId: 'p-cd', approval: 'manual', version: 2 });
      expect(body).toEqual(await (await c.api('/api/v1/contract-definitions/cd-put')).json());
    });
  });

  describe('references', () => {
    it('should refuse to delete a referenced policy or asset with 409 naming the referrer', async () => {
      await c.api('/api/v1/assets', { method: 'POST', json: { ...asset, id: 'ref-a' } });
      await c.api('/api/v1/policies', { method: 'POST', json: policy });
      const cd = await c.api('/api/v1/contract-definitions', {
        method: 'POST',
        json: { id: 'cd-ref', accessPolicyId: 'p1', contractPolicyId: 'p1', assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'ref-a' }] },
      });
      expect(cd.status).toBe(201);
      expect((await problem(await c.api('/api/v1/policies/p1', { method: 'DELETE' }), 409, 'STILL_REFERENCED')).detail).toContain('cd-ref');
      expect((await problem(await c.api('/api/v1/assets/ref-a', { method: 'DELETE' }), 409, 'STILL_REFERENCED')).detail).toContain('cd-ref');
      const ghost = await problem(
        await c.api('/api/v1/contract-definitions', { method: 'POST', json: { accessPolicyId: 'p1', contractPolicyId: 'ghost' } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(ghost.errors).toEqual([{ pointer: '/contractPolicyId', message: "policy 'ghost' does not exist" }]);
    });
  });
});
