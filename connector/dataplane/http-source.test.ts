import { createServer } from 'node:net';
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
  openHttpSource({ baseUrl }, { signal: new AbortController().signal, auth }).then(
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
