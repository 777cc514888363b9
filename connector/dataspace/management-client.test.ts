import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isConnectorError } from '../../core/index.js';
import { managementClient } from './management-client.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const listening = async (answer: (res: import('node:http').ServerResponse) => void): Promise<string> => {
  const server = createServer((_req, res) => answer(res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** An address where nothing listens: a port that was just given out and released. */
const refusing = async (): Promise<string> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
};

const failure = async (call: Promise<unknown>) => {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
};

describe('managementClient', () => {
  it('should name the method and URL of a call that got no answer, with the cause', async () => {
    const base = await refusing();
    const client = managementClient(`${base}/`, 'key');
    const post = await failure(client.post('/api/v1/participants', { id: 'x' }));
    expect(post.code).toBe('PEER_UNAVAILABLE');
    expect(post.detail).toBe(`POST ${base}/api/v1/participants: connect ECONNREFUSED ${base.slice('http://'.length)}`);
    const get = await failure(client.get('/api/v1/assets'));
    expect(get.detail).toMatch(new RegExp(`^GET ${base}/api/v1/assets: .*ECONNREFUSED`));
  });

  it('should name the method and URL of an answer that is not JSON', async () => {
    const base = await listening((res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>'));
    const error = await failure(managementClient(base, 'key').get('/api/v1/assets'));
    expect(error.code).toBe('PEER_REJECTED');
    expect(error.detail).toBe(`GET ${base}/api/v1/assets answered 502 with a body that is not JSON: <html>bad gateway</html>`);
  });

  it('should still say the status and body of a refusal', async () => {
    const base = await listening((res) => res.writeHead(403, { 'content-type': 'application/json' }).end('{"code":"FORBIDDEN"}'));
    const error = await failure(managementClient(base, 'key').post('/api/v1/assets', {}));
    expect(error.detail).toBe(`POST ${base}/api/v1/assets answered 403: {"code":"FORBIDDEN"}`);
  });
});
