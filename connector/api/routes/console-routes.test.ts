import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../core/index.js';
import { createOutboundPolicy } from '../../http/outbound/index.js';
import { createManagementApp } from '../management-app.js';
import type { RouteDef } from '../../http/route-def.js';
import { CONSOLE_CSP, consoleRoutes } from './console-routes.js';

const folder = mkdtempSync(join(tmpdir(), 'kontor-console-files-'));
writeFileSync(join(folder, 'index.html'), '<!doctype html><title>console</title>');
writeFileSync(join(folder, 'main.js'), 'export {};');
writeFileSync(join(folder, 'notes.txt'), 'not a console file type');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const noEdr = async (): Promise<never> => {
  throw new ConnectorError('NOT_FOUND', { detail: 'no such transfer' });
};
const outbound = createOutboundPolicy({ allowLoopback: true });
const app = (routes: RouteDef[]) =>
  createManagementApp({ apiKey: 'k'.repeat(24), bodyLimitBytes: 1024, problemTypeBase: 'https://kontor.example/problems/', logger: pino({ level: 'silent' }), routes });
const edr = noEdr as never;

describe('console routes', () => {
  const served = app([...consoleRoutes({ edr, outbound, folder }), { method: 'get', path: '/api/v1/ping', handler: (_req, res) => void res.json({ ok: true }) }]);

  it('should serve the page and its files without a key, under the strict CSP', async () => {
    const page = await request(served).get('/console');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    const script = await request(served).get('/console/main.js');
    expect([script.status, script.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
  });

  it('should serve only the files of known types that were in the folder, and nothing outside it', async () => {
    expect((await request(served).get('/console/notes.txt')).status).toBe(404);
    expect((await request(served).get('/console/missing.js')).status).toBe(404);
    expect((await request(served).get('/console/..%2Fpackage.json')).status).toBe(404);
    expect((await request(served).get('/console/a/b.js')).body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('should leave /api to the API: the key is still required there and for the data preview', async () => {
    expect((await request(served).get('/api/v1/ping')).status).toBe(401);
    expect((await request(served).get('/api/v1/transfers/t1/data')).status).toBe(401);
    const missing = await request(served).get('/api/v1/transfers/t1/data').set('x-api-key', 'k'.repeat(24));
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('should say the console is not built when its folder is absent', async () => {
    const res = await request(app(consoleRoutes({ edr, outbound, folder: join(folder, 'absent') }))).get('/console');
    expect([res.status, res.body.detail]).toEqual([404, 'the console is not built (run npm run build)']);
  });
});

describe('the transfer data preview', () => {
  const key = 'k'.repeat(24);
  const withEdr = (endpoint: string) => app(consoleRoutes({ edr: (async () => ({ endpoint, token: 'tok', authType: 'bearer' })) as never, outbound, folder }));

  it('should pull through the EDR with its token and answer the status, type and the text', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'text/csv' }).end('a,b\n1,2\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/data`;
      const res = await request(withEdr(url)).get('/api/v1/transfers/t1/data').set('x-api-key', key);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 200, contentType: 'text/csv', characters: 8, preview: 'a,b\n1,2\n', truncated: false });
      expect(seen).toEqual(['Bearer tok']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('should answer 503 PEER_UNAVAILABLE, not a 500, when the data plane cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const res = await request(withEdr(`http://127.0.0.1:${port}/data`))
      .get('/api/v1/transfers/t1/data')
      .set('x-api-key', key);
    expect([res.status, res.body.code]).toEqual([503, 'PEER_UNAVAILABLE']);
    expect(res.body.detail).toMatch(/cannot be reached; pull it with the EDR/);
  });
});
