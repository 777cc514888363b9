import { createServer, type Server, type ServerResponse } from 'node:http';

/** A loopback server that misbehaves on purpose, for tests of outbound bounds. */
export interface HostileServer {
  url: string;
  /** Requests received so far. */
  hits: () => number;
  close(): Promise<void>;
}

export type Misbehaviour =
  /** Accepts the request and never answers. */
  | 'silent'
  /** Sends 200, headers and the start of a body, then nothing more (the body never ends). */
  | 'stalls'
  /** Sends 200 and headers, then a JSON-looking body that never ends (as fast as the client reads). */
  | 'endless'
  /** Declares (and starts sending) a 256 MiB body. */
  | 'huge'
  /** Answers `{"ok":true}` at once (the control). */
  | 'fine';

const CHUNK = Buffer.alloc(64 * 1024, 0x20);

function endless(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"padding":"');
  const pump = () => {
    while (!res.destroyed && res.write(CHUNK)) {
      // keep writing until the socket pushes back
    }
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

export async function startHostileServer(kind: Misbehaviour): Promise<HostileServer> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    req.resume();
    if (kind === 'silent') return;
    if (kind === 'endless') return endless(res);
    if (kind === 'stalls') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"started":');
      return;
    }
    if (kind === 'huge') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(256 * 1024 * 1024) });
      res.write(CHUNK);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
