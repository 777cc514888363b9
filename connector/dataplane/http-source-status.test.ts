import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startDataPlane } from '../../test/helpers/data-plane-harness.js';

/** A backend that answers every request with `status` and a body holding a secret. */
async function answering(status: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => res.writeHead(status, { 'content-type': 'text/plain' }).end('backend-body-s3cret'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("a data source's error answer, as the consumer sees it", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function pull(status: number) {
    const backend = await answering(status);
    const plane = await startDataPlane({ baseUrl: `${backend.url}/private/data?sig=sig-s3cret` });
    closers.push(backend.close, plane.close);
    const res = await plane.exchange('');
    return { status: res.status, retryAfter: res.headers['retry-after'], problem: JSON.parse(res.body) as Record<string, unknown>, raw: res.body };
  }

  it.each([400, 401, 403, 404, 410])('a backend %i: 502 PEER_REJECTED marked not retryable, no Retry-After, no URL or body', async (status) => {
    const res = await pull(status);
    expect({ status: res.status, retryAfter: res.retryAfter }).toEqual({ status: 502, retryAfter: undefined });
    expect(res.problem).toMatchObject({ code: 'PEER_REJECTED', status: 502, retryable: false, detail: expect.stringContaining(`answered ${status}`) });
    for (const secret of ['sig-s3cret', 'backend-body-s3cret', '/private/data', '127.0.0.1']) expect(res.raw).not.toContain(secret);
  });

  it.each([500, 502, 503, 429, 408])('a backend %i: 503 PEER_UNAVAILABLE with Retry-After (a retry may succeed)', async (status) => {
    const res = await pull(status);
    expect({ status: res.status, retryAfter: res.retryAfter }).toEqual({ status: 503, retryAfter: '1' });
    expect(res.problem).toMatchObject({ code: 'PEER_UNAVAILABLE', detail: `the data source answered ${status}` });
    expect(res.raw).not.toContain('backend-body-s3cret');
  });
});
