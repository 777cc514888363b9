import { createServer, type Server } from 'node:http';

export type ProxyMode = 'pass' | 'tamper' | 'down';

export interface TamperingProxy {
  url: string;
  mode: ProxyMode;
  /** Applied to catalog response bodies in `tamper` mode. */
  tamper: (body: string) => string;
  close(): Promise<void>;
}

/**
 * A man in the middle between a consumer and a provider on loopback: passes requests on (headers and body as is),
 * changes catalog answers in `tamper` mode, answers 503 in `down` mode.
 */
export async function startTamperingProxy(target: string): Promise<TamperingProxy> {
  const proxy: TamperingProxy = { url: '', mode: 'pass', tamper: (b) => b, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on(
      'end',
      () =>
        void (async () => {
          if (proxy.mode === 'down') {
            res.writeHead(503).end();
            return;
          }
          const headers: Record<string, string> = {};
          for (const name of ['authorization', 'content-type', 'accept']) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
          const upstream = await fetch(`${target}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}) });
          let text = await upstream.text();
          if (proxy.mode === 'tamper' && (req.url ?? '').includes('/catalog/')) text = proxy.tamper(text);
          const out: Record<string, string> = { 'content-type': upstream.headers.get('content-type') ?? 'application/json' };
          const link = upstream.headers.get('link');
          if (link) out.link = link.replaceAll(target, proxy.url);
          res.writeHead(upstream.status, out).end(text);
        })().catch(() => res.writeHead(502).end()),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  proxy.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return proxy;
}
