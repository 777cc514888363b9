import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { oauth2Tokens } from './oauth2-tokens.js';

const secrets = { resolve: async () => 'client-s3cret' };
const signal = new AbortController().signal;

describe('OAuth2 client-credentials tokens for HttpData backends', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
  });
  async function tokenEndpoint(answer: (n: number) => { status: number; body: string }): Promise<{ url: string; calls: () => number }> {
    let calls = 0;
    const server = createServer((_req, res) => {
      calls += 1;
      const { status, body } = answer(calls);
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/token`, calls: () => calls };
  }
  const o = (tokenUrl: string) => ({ tokenUrl, clientId: 'c', clientSecretKey: 'k' });

  it('should not cache a token without expires_in, and fetch one per request', async () => {
    const endpoint = await tokenEndpoint((n) => ({ status: 200, body: JSON.stringify({ access_token: `t${n}` }) }));
    const tokens = oauth2Tokens({ secrets, clock: new FixedClock() });
    expect([await tokens.token(o(endpoint.url), signal), await tokens.token(o(endpoint.url), signal)]).toEqual(['t1', 't2']);
  });

  it('should refuse an error answer, a token that is not a token and an oversized answer, without their content', async () => {
    const tokens = oauth2Tokens({ secrets, clock: new FixedClock() });
    const cases = [
      [{ status: 401, body: '{"error":"invalid_client","client_secret":"client-s3cret"}' }, "the data source's token endpoint answered 401"],
      [{ status: 200, body: '{"access_token":"a b\\r\\nX: y"}' }, "the data source's token endpoint gave no usable access_token"],
      [{ status: 200, body: JSON.stringify({ access_token: 'x', pad: 'p'.repeat(100_000) }) }, "the data source's token endpoint gave no usable access_token"],
    ] as const;
    for (const [answer, detail] of cases) {
      const endpoint = await tokenEndpoint(() => answer);
      await expect(tokens.token(o(endpoint.url), signal)).rejects.toMatchObject({ code: 'PEER_UNAVAILABLE', detail });
    }
  });
});
