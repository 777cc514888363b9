import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loggedUrl, requestLogging, requestLogLevel } from './request-logging.js';

type Line = { level: number; msg: string; req?: { id: string; method: string; url: string }; res?: { statusCode: number }; responseTime?: number; err?: unknown };

function app(level: string) {
  const lines: Line[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line) as Line) });
  const a = express();
  a.use(requestLogging(logger));
  a.get('/ok', (req, res) => res.json({ id: (req as { id?: string }).id }));
  a.get('/missing', (_req, res) => res.status(404).end());
  a.get('/broken', (_req, res) => res.status(500).end());
  a.get('/refused', (_req, res) => res.status(503).set('retry-after', '5').end());
  a.get('/never', () => undefined); // a handler still waiting (on a peer, say) when the client goes away
  a.get('/partial', (_req, res) => void res.status(200).write('{"items": ['));
  return { a, lines };
}

describe('request logging', () => {
  it('logs one line per request with its id, method, URL, status and time, and echoes the id', async () => {
    const { a, lines } = app('info');
    const res = await request(a).get('/ok?x=1').set('authorization', 'Bearer secret-token').expect(200);
    const id = res.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toEqual({ id });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'request completed', req: { id, method: 'GET', url: '/ok?x=1' }, res: { statusCode: 200 } });
    expect(lines[0]?.responseTime).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('masks the values of query parameters named like a secret, on a refused request too', async () => {
    const { a, lines } = app('info');
    await request(a).get('/missing?apiKey=K3Y-SECRET-1&page=2&x-api-key=K3Y-SECRET-2&Token=T0K&sig=S1G&limit=5').expect(404);
    expect(lines[0]).toMatchObject({ level: 40, req: { url: '/missing?apiKey=[redacted]&page=2&x-api-key=[redacted]&Token=[redacted]&sig=[redacted]&limit=5' } });
    expect(JSON.stringify(lines)).not.toMatch(/K3Y-SECRET|T0K|S1G/);
  });

  it('finds secret-looking names case-insensitively, as substrings and percent-encoded, and keeps the rest as sent', () => {
    const names = ['key', 'APIKEY', 'api_key', 'access_token', 'signature', 'client_secret', 'password', 'auth', 'Authorization', 'credential', 'jwt', 'api%5Fkey'];
    for (const name of names) expect(loggedUrl(`/p?${name}=v%20x&q=1`)).toBe(`/p?${name}=[redacted]&q=1`);
    expect(loggedUrl('/p')).toBe('/p');
    expect(loggedUrl('/p?q=a%20b&offset=10&flag&=x')).toBe('/p?q=a%20b&offset=10&flag&=x');
    expect(loggedUrl('/p?token&token=')).toBe('/p?token&token=[redacted]');
    expect(loggedUrl('/p?%E0%A4%A=1')).toBe('/p?%E0%A4%A=1');
  });

  it('keeps a well-formed X-Request-Id and replaces a malformed one', async () => {
    const { a } = app('info');
    expect((await request(a).get('/ok').set('x-request-id', 'trace-42.a:b')).get('x-request-id')).toBe('trace-42.a:b');
    expect((await request(a).get('/ok').set('x-request-id', 'bad id <script>')).get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs a 4xx at warn, a 5xx at error as errored, and a 503 at warn as a refusal with its Retry-After', async () => {
    const { a, lines } = app('info');
    await request(a).get('/missing').expect(404);
    await request(a).get('/broken').expect(500);
    await request(a).get('/refused').expect(503);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'request completed'],
      [50, 'request errored'],
      [40, 'request refused: service unavailable, Retry-After 5'],
    ]);
    expect(lines.every((l) => l.err === undefined)).toBe(true);
  });

  it('writes nothing below the logger’s level, and still gives every request its id', async () => {
    const { a, lines } = app('warn');
    const ok = await request(a).get('/ok').expect(200);
    expect(ok.get('x-request-id')).toBeTruthy();
    await request(a).get('/missing').expect(404);
    expect(lines.map((l) => l.res?.statusCode)).toEqual([404]);
  });

  it('picks the level from the status alone', () => {
    expect([200, 302, 400, 499, 500, 502, 503].map(requestLogLevel)).toEqual(['info', 'info', 'warn', 'warn', 'error', 'error', 'warn']);
  });

  it('logs a request whose connection closed before its answer as aborted at warn, not as a 200 that never went out', async () => {
    const { a, lines } = app('info');
    const server: Server = a.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as AddressInfo).port;
    const abandon = (path: string, afterHeaders: boolean) =>
      new Promise<void>((resolve) => {
        const req = httpRequest({ host: '127.0.0.1', port, path });
        req.on('error', () => undefined);
        if (afterHeaders) req.on('response', () => req.destroy());
        else req.on('socket', (socket) => socket.on('connect', () => setImmediate(() => req.destroy())));
        req.on('close', () => resolve());
        req.end();
      });
    const logged = (n: number) =>
      new Promise<void>((resolve) => {
        const look = () => (lines.length >= n ? resolve() : setImmediate(look));
        look();
      });
    try {
      await abandon('/never', false);
      await logged(1);
      await abandon('/partial', true);
      await logged(2);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(lines.map((l) => [l.level, l.msg, l.req?.url, l.res?.statusCode])).toEqual([
      [40, 'request aborted: the connection closed before an answer', '/never', null],
      [40, 'request aborted: the connection closed during the answer', '/partial', 200],
    ]);
  });
});
