import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReadiness } from './readiness.js';
import { authorityCheck } from './readiness-checks.js';

describe('runReadiness', () => {
  it('should give a failing check its fixed reason, and keep what it said as the detail', async () => {
    const result = await runReadiness([
      { name: 'a', failure: 'a is down', check: async () => 'connect ECONNREFUSED 10.0.0.7:5432' },
      { name: 'b', failure: 'b is down', check: async () => undefined },
      { name: 'c', failure: 'c is down', check: () => Promise.reject(new Error('boom at 10.0.0.8')) },
    ]);
    expect(result.ready).toBe(false);
    expect(result.checks).toEqual([
      { name: 'a', ok: false, reason: 'a is down', detail: 'connect ECONNREFUSED 10.0.0.7:5432' },
      { name: 'b', ok: true },
      { name: 'c', ok: false, reason: 'c is down', detail: 'the check failed: boom at 10.0.0.8' },
    ]);
  });
});

describe('authorityCheck', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((_req, res) => void res.writeHead(500).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('should fail with a fixed reason, its detail naming the URL without user:password@', async () => {
    const check = authorityCheck(`http://u:AUTHPWSECRET@127.0.0.1:${port}`);
    expect(check.failure).toBe('the authority cannot be reached');
    const detail = await check.check();
    expect(detail).toContain(`127.0.0.1:${port}/health`);
    expect(detail).not.toContain('AUTHPWSECRET');
  });

  it('should say the authority answers another status', async () => {
    expect(await authorityCheck(`http://127.0.0.1:${port}/`).check()).toBe(`http://127.0.0.1:${port}/health answered 500`);
  });
});
