import { createServer, type Server } from 'node:http';
import { createOutboundPolicy } from '../http/outbound/index.js';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToSite } from './post-to-site.js';

const LOOPBACK = createOutboundPolicy({ allowLoopback: true });

const answers: Record<string, { status: number; type: string; body: string }> = {
  ok: { status: 200, type: 'application/json', body: '{"token":"t"}' },
  denied: { status: 403, type: 'application/problem+json', body: '{"detail":"purpose isA … does not hold"}' },
  gateway: { status: 502, type: 'text/html', body: '<html><body>Bad Gateway</body></html>' },
  garbage: { status: 200, type: 'text/plain', body: 'not json' },
  rejected: { status: 400, type: 'application/problem+json', body: '{"detail":"round must be an integer"}' },
};
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const a = answers[(req.url ?? '').split('/').pop() ?? ''] ?? answers.gateway;
    res.writeHead(a?.status ?? 500, { 'content-type': a?.type ?? 'text/plain' }).end(a?.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/training/tp-1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the coordinator's calls to a site", () => {
  it("should return JSON answers and turn refusals into typed errors with the site's words", async () => {
    expect(await postToSite(LOOPBACK, base, 'ok', 'Bearer x', {})).toEqual({ token: 't' });
    await expect(postToSite(LOOPBACK, base, 'denied', 'Bearer x', {})).rejects.toMatchObject({ code: 'POLICY_DENIED', detail: 'purpose isA … does not hold' });
    await expect(postToSite(LOOPBACK, base, 'rejected', 'Bearer x', {})).rejects.toMatchObject({
      code: 'PEER_REJECTED',
      detail: expect.stringMatching(/400: round must be an integer/),
    });
  });

  it("should treat a proxy's HTML error page as unavailable (a straggler), not as a refusal, and a non-JSON 200 as a faulty site", async () => {
    await expect(postToSite(LOOPBACK, base, 'gateway', 'Bearer x', {})).rejects.toMatchObject({ code: 'PEER_UNAVAILABLE' });
    await expect(postToSite(LOOPBACK, base, 'garbage', 'Bearer x', {})).rejects.toMatchObject({ code: 'PEER_REJECTED', detail: expect.stringMatching(/not JSON/) });
    await expect(postToSite(LOOPBACK, 'http://127.0.0.1:1/api/training/x', 'ok', 'Bearer x', {})).rejects.toMatchObject({ code: 'PEER_UNAVAILABLE' });
  });
});
