import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManagementApp } from './management-app.js';
import type { RouteDef } from '../http/route-def.js';

const KEY = 'routing-test-key-0123456789abcdef';
const writes: string[] = [];
const handled: string[] = [];
const ok =
  (status: number): RouteDef['handler'] =>
  (req, res) => {
    handled.push(`${req.method} ${req.path}`);
    res.status(status).end();
  };
const routes: RouteDef[] = [
  { method: 'get', path: '/health', public: true, handler: ok(200) },
  { method: 'post', path: '/api/v1/assets', body: true, handler: ok(201) },
  { method: 'delete', path: '/api/v1/contract-definitions/{id}', handler: ok(204) },
];

let server: Server;
let base: string;
beforeAll(async () => {
  const app = createManagementApp({
    apiKey: KEY,
    bodyLimitBytes: 10_000,
    problemTypeBase: 'https://example.test/problems/',
    logger: pino({ level: 'silent' }),
    routes,
    onWrite: (p) => writes.push(p),
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const send = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { ...init, headers: { 'x-api-key': KEY, ...(init.headers as Record<string, string>) } });

describe('management routing', () => {
  it('should answer a case variant of a route with 404 ROUTE_NOT_FOUND, run no handler and report no write', async () => {
    writes.length = 0;
    handled.length = 0;
    for (const path of ['/Api/V1/Contract-Definitions/cd-x', '/api/v1/Contract-Definitions/cd-x', '/API/V1/CONTRACT-DEFINITIONS/cd-x']) {
      const res = await send(path, { method: 'DELETE' });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
    }
    const created = await send('/Api/V1/Assets', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(created.status).toBe(404);
    expect([handled, writes]).toEqual([[], []]);
    // The route as spelled is served, and reported by the path onWrite matches (the id keeps its own case).
    expect((await send('/api/v1/contract-definitions/CD-X', { method: 'DELETE' })).status).toBe(204);
    expect(writes).toEqual(['/api/v1/contract-definitions/CD-X']);
  });

  it('should not serve a public route by a case variant, so no exemption from the API key is reached by one', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    for (const path of ['/Health', '/HEALTH']) expect((await fetch(`${base}${path}`)).status).toBe(404);
  });

  it('should tolerate a trailing slash on the route itself, reporting the write under the path a write check reads', async () => {
    writes.length = 0;
    expect((await send('/api/v1/contract-definitions/cd-y/', { method: 'DELETE' })).status).toBe(204);
    expect(writes).toEqual(['/api/v1/contract-definitions/cd-y/']);
    // The API key stays required on the slashed spelling of a route that needs it; a public one stays public.
    expect((await fetch(`${base}/api/v1/contract-definitions/cd-y/`, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(`${base}/health/`)).status).toBe(200);
  });
});
