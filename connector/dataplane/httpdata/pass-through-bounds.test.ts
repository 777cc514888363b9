import { afterEach, describe, expect, it } from 'vitest';
import { startDataPlane } from '../../../test/helpers/data-plane-harness.js';
import { startRecordingBackend } from '../../../test/helpers/recording-backend.js';
import { PROXY_BODY_LIMIT_BYTES } from './backend-request.js';

const ALL_ON = { proxyPath: 'true', proxyQueryParams: 'true', proxyMethod: 'true', proxyBody: 'true' };

describe('HttpData pass-through bounds', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  async function setUp(query = '') {
    const backend = await startRecordingBackend();
    const plane = await startDataPlane({ baseUrl: `${backend.url}/api/base${query}`, ...ALL_ON });
    closers.push(backend.close, plane.close);
    return { backend, plane };
  }
  const code = (body: string) => (JSON.parse(body) as { code: string }).code;

  it('should keep every sub-path below the base URL: dot segments, encoded slashes and backslashes are refused', async () => {
    const { backend, plane } = await setUp();
    for (const path of ['/../admin', '/a/../../admin', '/%2e%2e/admin', '/.%2E/admin', '/a%2F..%2F..%2Fadmin', '/a%5C..%5Cadmin', '/./a', '/a//b']) {
      const res = await plane.send(path);
      expect({ path, status: res.status, code: code(res.body) }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
    }
    expect(backend.received).toHaveLength(0);
    expect((await plane.send('/a/b%3Fc')).status).toBe(200);
    expect(backend.data.map((r) => r.url)).toEqual(['/api/base/a/b%3Fc']);
  });

  it("should refuse a query parameter the asset's baseUrl sets itself (no repeating the provider's sig or tenant)", async () => {
    const { backend, plane } = await setUp('?sig=SECRET&tenant=A');
    for (const query of ['tenant=B&sig=X', 'q=1&tenant=B', 'sig', '%73ig=X', 'TENANT=B']) {
      const res = await plane.send(`?${query}`);
      expect({ query, status: res.status, code: code(res.body) }).toEqual({ query, status: 400, code: 'INVALID_QUERY' });
      expect(res.body).not.toContain('SECRET');
    }
    expect(backend.received).toHaveLength(0);
    expect((await plane.send('?q=1&q=2&tenantx=B')).status).toBe(200);
    expect(backend.data.map((r) => r.url)).toEqual(['/api/base?sig=SECRET&tenant=A&q=1&q=2&tenantx=B']);
  });

  it('should take a body up to the limit and refuse a larger one with BODY_TOO_LARGE', async () => {
    const { backend, plane } = await setUp();
    const atLimit = Buffer.alloc(PROXY_BODY_LIMIT_BYTES, 0x61);
    expect((await plane.send('', { method: 'POST', body: atLimit, headers: { 'content-type': 'text/plain' } })).status).toBe(200);
    expect(backend.data[0]?.body.length).toBe(PROXY_BODY_LIMIT_BYTES);
    const over = await plane.send('', { method: 'POST', body: Buffer.alloc(PROXY_BODY_LIMIT_BYTES + 1, 0x61), headers: { 'content-type': 'text/plain' } });
    expect({ status: over.status, code: code(over.body) }).toEqual({ status: 413, code: 'BODY_TOO_LARGE' });
    expect(backend.data).toHaveLength(1);
  });

  it('should pass only the methods that make sense, and no body with GET', async () => {
    const { backend, plane } = await setUp();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect((await plane.send('', { method })).status).toBe(200);
    for (const method of ['OPTIONS', 'TRACE']) expect((await plane.send('', { method })).status).toBe(405);
    const getWithBody = await plane.send('', { method: 'GET', body: 'x', headers: { 'content-type': 'text/plain' } });
    expect({ status: getWithBody.status, code: code(getWithBody.body) }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(backend.data.map((r) => r.method)).toEqual(['POST', 'PUT', 'PATCH', 'DELETE']);
  });

  it('should refuse a request without a valid data token before reading its body or calling the backend', async () => {
    const { backend, plane } = await setUp();
    const res = await plane.send('/x', { method: 'POST', body: 'x', headers: { authorization: 'Bearer not-a-token' } });
    expect(res.status).toBe(401);
    expect(backend.received).toHaveLength(0);
  });
});
