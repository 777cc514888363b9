import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientError, clientErrorCode } from './client-error.js';
import { listen, type Listening } from './listen.js';

const BASE = 'https://kontor.example/problems/';
let served: Listening;
beforeAll(async () => {
  served = await listen((_req, res) => res.end('ok'), '127.0.0.1', 0, undefined, BASE);
});
afterAll(async () => served.close(0));

/** Sends raw bytes and reads the whole answer, until the server closes the connection. */
function exchange(raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(served.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // The server may reset the connection while part of a refused request is still unread: what arrived counts.
    socket.on('error', (error) => (chunks.length > 0 ? undefined : reject(error)));
    socket.end(raw);
  });
}

function parse(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { statusLine, headers, body: JSON.parse(body) as Record<string, unknown> };
}

describe('the listeners’ answer to a request Node refuses', () => {
  it('should answer headers over the limit with a complete 431 problem and close the connection', async () => {
    const answer = parse(await exchange(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`));
    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.headers.connection).toBe('close');
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(answer.body)));
    expect(answer.body).toEqual({ type: `${BASE}HEADERS_TOO_LARGE`, title: expect.any(String), status: 431, code: 'HEADERS_TOO_LARGE' });
  });

  it('should answer broken HTTP with a 400 MALFORMED_REQUEST problem', async () => {
    const answer = parse(await exchange('THIS IS NOT HTTP\r\n\r\n'));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.body).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST', type: `${BASE}MALFORMED_REQUEST` });
  });

  it('should still serve well-formed requests', async () => {
    expect(await exchange('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*ok$/);
  });

  it('should map timeouts to REQUEST_TIMEOUT and any other parser error to MALFORMED_REQUEST', () => {
    expect(clientErrorCode(Object.assign(new Error('t'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }))).toBe('REQUEST_TIMEOUT');
    expect(clientErrorCode(Object.assign(new Error('x'), { code: 'HPE_INVALID_CHUNK_SIZE' }))).toBe('MALFORMED_REQUEST');
  });

  it('should only destroy a socket that cannot be written to, or that was reset', () => {
    const closed = new PassThrough();
    closed.end();
    answerClientError(BASE)(Object.assign(new Error('x'), { code: 'HPE_HEADER_OVERFLOW' }), closed);
    expect(closed.destroyed).toBe(true);
    const reset = new PassThrough();
    const written: Buffer[] = [];
    reset.on('data', (c: Buffer) => written.push(c));
    answerClientError(BASE)(Object.assign(new Error('x'), { code: 'ECONNRESET' }), reset);
    expect([reset.destroyed, written.length]).toEqual([true, 0]);
  });
});
