import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One request the proxy forwarded: which backend (its index in `backends`) served it. */
export interface Forwarded {
  method: string;
  path: string;
  backend: number;
}

export interface RoundRobinProxy {
  url: string;
  port: number;
  /** Every request forwarded so far, in the order they arrived. */
  readonly log: readonly Forwarded[];
  /** The backend that served the most recent request whose path starts with `prefix`. */
  servedBy(prefix: string): number | undefined;
  close(): Promise<void>;
}

/**
 * A load balancer as replicas stand behind: HTTP requests go to the backends' loopback ports in turn; a backend that
 * refuses the connection (not started yet, or killed) is skipped for the next. A response the backend breaks off
 * (a stream cut) is broken off to the client too, never ended as if complete.
 */
export async function startRoundRobinProxy(backends: readonly number[], port = 0): Promise<RoundRobinProxy> {
  let next = 0;
  const log: Forwarded[] = [];
  const sockets = new Set<Socket>();
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, tries: number) => {
    const backend = next++ % backends.length;
    const upstream = request({ host: '127.0.0.1', port: backends[backend], method: req.method, path: req.url, headers: req.headers }, (answer) => {
      log.push({ method: req.method ?? 'GET', path: req.url ?? '/', backend });
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
      answer.on('close', () => {
        if (!answer.complete) res.destroy();
      });
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' && tries + 1 < backends.length) forward(req, res, body, tries + 1);
      else if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.end(body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, res, Buffer.concat(chunks), 0));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    log,
    servedBy: (prefix) => [...log].reverse().find((f) => f.path.startsWith(prefix))?.backend,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
