import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHostileServer, type HostileServer } from '../../test/helpers/hostile-servers.js';
import { boundedRequest } from './bounded-request.js';
import { OutboundLimitError } from './deadline.js';
import { createOutboundPolicy } from './outbound/index.js';

const target = createOutboundPolicy({ allowLoopback: true });
const GET = { method: 'GET' as const, headers: {} };

describe('bounded requests to peers (undici request API)', () => {
  const servers: HostileServer[] = [];
  const closers: (() => Promise<void>)[] = [];
  const server = async (kind: Parameters<typeof startHostileServer>[0]) => {
    const s = await startHostileServer(kind);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
    for (const close of closers.splice(0)) await close();
  });
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );

  it('should read an ordinary answer, its status and headers', async () => {
    const s = await server('fine');
    const res = await boundedRequest(s.url, GET, { timeoutMs: 10_000, maxBytes: 1024, target });
    expect(res).toMatchObject({ status: 200, ok: true, text: '{"ok":true}' });
    expect(res.headers.get('content-type')).toMatch(/json/);
  });

  it('should send the method, headers and body it is given', async () => {
    let seen: { method: string | undefined; auth: string | undefined; body: string } = { method: undefined, auth: undefined, body: '' };
    const echo = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = { method: req.method, auth: req.headers.authorization, body };
        res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => echo.close(() => r())));
    const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/x`;
    const res = await boundedRequest(
      url,
      { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"a":1}' },
      { timeoutMs: 10_000, maxBytes: 1024, target },
    );
    expect(res.status).toBe(201);
    expect(seen).toEqual({ method: 'POST', auth: 'Bearer t', body: '{"a":1}' });
  });

  it('should give up on a server that never answers, and on a body that stops coming', async () => {
    const silent = await server('silent');
    expect(await failure(boundedRequest(silent.url, GET, { timeoutMs: 100, maxBytes: 1024, target }))).toMatchObject({ limit: 'timeout', name: 'TimeoutError' });
    const stalls = await server('stalls');
    expect(await failure(boundedRequest(stalls.url, GET, { timeoutMs: 100, maxBytes: 1024 * 1024, target }))).toBeInstanceOf(OutboundLimitError);
  });

  it('should stop reading an endless body at the size cap, and refuse a declared huge one unread', async () => {
    const endless = await server('endless');
    expect(await failure(boundedRequest(endless.url, GET, { timeoutMs: 60_000, maxBytes: 1024 * 1024, target }))).toMatchObject({ limit: 'size' });
    const huge = await server('huge');
    expect(await failure(boundedRequest(huge.url, GET, { timeoutMs: 60_000, maxBytes: 1024 * 1024, target }))).toMatchObject({ limit: 'size' });
  });

  it('should refuse a redirect instead of following it', async () => {
    let followed = false;
    const redirecting = createServer((req, res) => {
      if (req.url === '/elsewhere') followed = true;
      res.writeHead(302, { location: '/elsewhere' }).end();
    });
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => redirecting.close(() => r())));
    const url = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/start`;
    expect(await failure(boundedRequest(url, GET, { timeoutMs: 10_000, maxBytes: 1024, target }))).toMatchObject({ message: expect.stringMatching(/redirect \(302\)/) });
    expect(followed).toBe(false);
  });

  it('should refuse an address the outbound policy denies, before and at the connection', async () => {
    const s = await server('fine');
    const strict = createOutboundPolicy({ allowLoopback: false });
    expect(await failure(boundedRequest(s.url, GET, { timeoutMs: 10_000, maxBytes: 1024, target: strict }))).toMatchObject({ code: 'OUTBOUND_REFUSED' });
    expect(s.hits()).toBe(0);
  });
});
