import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectorError, systemClock } from '../../core/index.js';
import { backendAuth } from './httpdata/backend-auth.js';
import { openHttpSource } from './http-source.js';

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const auth = backendAuth({ secretsDir: undefined, clock: systemClock });
const failure = (baseUrl: string) =>
  openHttpSource({ baseUrl }, { signal: new AbortController().signal, timeoutMs: 30_000, auth }).then(
    () => undefined,
    (e: unknown) => e,
  );

describe('HttpData source failures', () => {
  it("should tell the consumer the source is down without the provider's URL, credentials or query", async () => {
    const port = await closedPort();
    for (const baseUrl of [`http://alice:pw-s3cret@127.0.0.1:${port}/data?sig=sig-s3cret`, `http://127.0.0.1:${port}/data?sig=sig-s3cret`]) {
      const error = await failure(baseUrl);
      expect(error).toBeInstanceOf(ConnectorError);
      const { code, detail } = error as ConnectorError;
      expect(code).toBe('PEER_UNAVAILABLE');
      expect(detail).toMatch(/^the data source cannot be reached \([A-Za-z0-9_]+\)$/);
      for (const secret of ['pw-s3cret', 'sig-s3cret', 'alice', '/data', String(port)]) expect(detail).not.toContain(secret);
    }
  });
});

/** A loopback HTTP backend whose handler keeps the response open; `stop` ends what it holds. */
async function stallingBackend(handle: (res: ServerResponse) => void): Promise<{ url: string; stop(): Promise<void> }> {
  const held: ServerResponse[] = [];
  const server = createHttpServer((_req, res) => {
    held.push(res);
    handle(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/data`,
    stop: async () => {
      for (const res of held) res.destroy();
      await new Promise<void>((resolve) => (server as unknown as Server).close(() => resolve()));
    },
  };
}

describe('HttpData source time bounds (dataPlane.sourceTimeoutMs)', () => {
  it('should give up on a backend that never answers, saying so', async () => {
    const backend = await stallingBackend(() => undefined);
    try {
      const error = await openHttpSource({ baseUrl: backend.url }, { signal: new AbortController().signal, timeoutMs: 100, auth }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'PEER_UNAVAILABLE', detail: 'the data source did not answer within 100 ms' });
    } finally {
      await backend.stop();
    }
  });

  it('should cut a body that stops coming, after what did come', async () => {
    const backend = await stallingBackend((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first');
    });
    try {
      const source = await openHttpSource({ baseUrl: backend.url }, { signal: new AbortController().signal, timeoutMs: 100, auth });
      const chunks: string[] = [];
      const error = await new Promise<unknown>((resolve) => {
        source.stream.on('data', (c: Buffer) => chunks.push(c.toString()));
        source.stream.on('error', resolve);
        source.stream.on('end', () => resolve(undefined));
      });
      expect(chunks.join('')).toBe('first');
      expect(error).toMatchObject({ code: 'PEER_UNAVAILABLE', detail: 'the data source sent nothing for 100 ms' });
    } finally {
      await backend.stop();
    }
  });
});
