import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDataPlane } from '../../test/helpers/data-plane-harness.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kontor-dp-methods-'));
  writeFileSync(join(root, 'ten.txt'), '0123456789');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function filePlane() {
  const plane = await startDataPlane({ type: 'File', path: 'ten.txt' }, { fileRoot: root });
  closers.push(plane.close);
  return plane;
}

/** A backend that serves 10 bytes and honours one `bytes=a-b` range (416 beyond the end), recording each request. */
async function rangeBackend() {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (!m) return void res.writeHead(200, { 'content-type': 'text/plain', 'accept-ranges': 'bytes' }).end('0123456789');
    const start = Number(m[1]);
    if (start >= 10) return void res.writeHead(416, { 'content-range': 'bytes */10' }).end();
    const end = Math.min(m[2] ? Number(m[2]) : 9, 9);
    res.writeHead(206, { 'content-type': 'text/plain', 'content-range': `bytes ${start}-${end}/10` }).end('0123456789'.slice(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

const code = (body: string) => (JSON.parse(body) as { code: string }).code;

describe('data plane methods on a File asset', () => {
  it('should answer HEAD as GET without a body: same status, type and Content-Length', async () => {
    const plane = await filePlane();
    const get = await plane.exchange('');
    const head = await plane.exchange('', { method: 'HEAD' });
    expect([get.status, get.body, get.headers['content-length']]).toEqual([200, '0123456789', '10']);
    expect([head.status, head.body, head.headers['content-length'], head.headers['content-type'], head.headers['accept-ranges']]).toEqual([
      200,
      '',
      '10',
      get.headers['content-type'],
      'bytes',
    ]);
  });

  it.each([['PUT'], ['DELETE'], ['OPTIONS'], ['POST'], ['PATCH']])('should refuse %s with 405 METHOD_NOT_ALLOWED and Allow: GET, HEAD', async (method) => {
    const plane = await filePlane();
    const res = await plane.exchange('', { method });
    expect([res.status, code(res.body), res.headers.allow]).toEqual([405, 'METHOD_NOT_ALLOWED', 'GET, HEAD']);
  });
});

describe('data plane byte ranges on a File asset', () => {
  it.each([
    ['bytes=0-3', '0123', 'bytes 0-3/10'],
    ['bytes=7-', '789', 'bytes 7-9/10'],
    ['bytes=-2', '89', 'bytes 8-9/10'],
  ])('should serve %s as 206 with Content-Range', async (range, body, contentRange) => {
    const plane = await filePlane();
    const res = await plane.exchange('', { headers: { range } });
    expect([res.status, res.body, res.headers['content-range'], res.headers['content-length'], res.headers['accept-ranges']]).toEqual([
      206,
      body,
      contentRange,
      String(body.length),
      'bytes',
    ]);
  });

  it.each([['bytes=99999-'], ['bytes=0-1,4-5'], ['lines=1-2']])('should refuse %s with 416 RANGE_NOT_SATISFIABLE and Content-Range: bytes */10', async (range) => {
    const plane = await filePlane();
    const res = await plane.exchange('', { headers: { range } });
    expect([res.status, code(res.body), res.headers['content-range']]).toEqual([416, 'RANGE_NOT_SATISFIABLE', 'bytes */10']);
  });

  it('should serve the whole file for an If-Range it cannot confirm, and ignore Range on HEAD', async () => {
    const plane = await filePlane();
    const full = await plane.exchange('', { headers: { range: 'bytes=0-3', 'if-range': '"v1"' } });
    expect([full.status, full.body]).toEqual([200, '0123456789']);
    const head = await plane.exchange('', { method: 'HEAD', headers: { range: 'bytes=0-3' } });
    expect([head.status, head.headers['content-length']]).toEqual([200, '10']);
  });
});

describe('data plane methods and ranges on an HttpData asset', () => {
  it('should refuse a method it does not pass through with 405 and Allow', async () => {
    const backend = await rangeBackend();
    const plane = await startDataPlane({ baseUrl: backend.url });
    closers.push(plane.close);
    const res = await plane.exchange('', { method: 'DELETE' });
    expect([res.status, code(res.body), res.headers.allow]).toEqual([405, 'METHOD_NOT_ALLOWED', 'GET, HEAD']);
    const open = await startDataPlane({ baseUrl: backend.url, proxyMethod: 'true' });
    closers.push(open.close);
    const options = await open.exchange('', { method: 'OPTIONS' });
    expect([options.status, options.headers.allow]).toEqual([405, 'GET, HEAD, POST, PUT, PATCH, DELETE']);
    expect(backend.seen).toEqual([]);
  });

  it('should forward Range and If-Range to the backend on GET and relay its 206 and 416', async () => {
    const backend = await rangeBackend();
    const plane = await startDataPlane({ baseUrl: backend.url });
    closers.push(plane.close);
    const part = await plane.exchange('', { headers: { range: 'bytes=2-4', 'if-range': '"e1"' } });
    expect([part.status, part.body, part.headers['content-range']]).toEqual([206, '234', 'bytes 2-4/10']);
    expect([backend.seen[0]?.range, backend.seen[0]?.['if-range']]).toEqual(['bytes=2-4', '"e1"']);
    const beyond = await plane.exchange('', { headers: { range: 'bytes=99999-' } });
    expect([beyond.status, code(beyond.body), beyond.headers['content-range']]).toEqual([416, 'RANGE_NOT_SATISFIABLE', 'bytes */10']);
    const whole = await plane.exchange('');
    expect([whole.status, whole.body, whole.headers['accept-ranges'], backend.seen[2]?.range]).toEqual([200, '0123456789', 'bytes', undefined]);
  });

  it("should refuse a consumer's Range when the address sets its own Range header, sending nothing", async () => {
    const backend = await rangeBackend();
    const plane = await startDataPlane({ baseUrl: backend.url, 'header:Range': 'bytes=0-1' });
    closers.push(plane.close);
    const res = await plane.exchange('', { headers: { range: 'bytes=2-4' } });
    expect([res.status, code(res.body)]).toEqual([400, 'VALIDATION_FAILED']);
    expect(backend.seen).toEqual([]);
  });
});
