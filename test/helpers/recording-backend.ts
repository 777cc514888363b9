import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A loopback HTTP backend that records every request it gets. `POST /token` answers as an OAuth2 token endpoint
 * (`access_token` numbered per call, `expires_in` 3600); everything else answers 200 with a small JSON body.
 */
export async function startRecordingBackend(): Promise<{ url: string; received: Received[]; data: Received[]; tokenCalls: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  let tokens = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.method === 'POST' && req.url === '/token') {
        tokens += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `backend-token-${tokens}`, token_type: 'Bearer', expires_in: 3600 }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get data() {
      return received.filter((r) => r.url !== '/token');
    },
    get tokenCalls() {
      return received.filter((r) => r.url === '/token');
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
