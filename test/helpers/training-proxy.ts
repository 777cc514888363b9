import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/** What a site answers to `POST …/rounds` (see connector/training/site/site-routes.ts). */
export interface RoundAnswer {
  update?: { params: number[]; sampleCount: number; metrics: Record<string, number> } | undefined;
  evaluation?: { sampleCount: number; accuracy: number; loss: number } | undefined;
  receipt: string;
  /** Absent from answers to requests made in a training session (decision 0028). */
  identityToken?: string;
  [key: string]: unknown;
}

/** The round request the coordinator sent (`round`, `task`, …) and the training transfer it was for. */
export interface RoundCall {
  transferId: string;
  round: number;
  task: 'fit' | 'evaluate';
  body: Record<string, unknown>;
}

/** What the proxy does with a training request instead of forwarding it: answer with this status, or cut the connection. */
export type RoundFault = number | 'destroy';

export interface TrainingProxy {
  /** Where peers reach the site through the proxy: use it as the site's `publicApi.url`. */
  url: string;
  /**
   * Called with every training request (`POST …/token` and `POST …/rounds`) before it is forwarded; a fault keeps it
   * from the site (an unreachable site: e.g. 503, or the connection destroyed), undefined forwards it.
   */
  onRoundRequest: (call: RoundCall & { step: 'token' | 'rounds' }) => RoundFault | undefined;
  /** Called with every successful round answer before it goes back to the coordinator; returns what is sent instead. */
  onRoundAnswer: (call: RoundCall, answer: RoundAnswer) => RoundAnswer | Promise<RoundAnswer>;
  /** Every round answer the site gave (before any change), in order. */
  answers: { call: RoundCall; answer: RoundAnswer }[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/**
 * A man in the middle in front of a site's public listener (loopback): every request goes to `target` unchanged
 * (DID documents, DSP, credential service, training endpoint); a site's answers to training rounds go through
 * `onRoundAnswer`, which a test replaces to replay, forge or relay answers; `onRoundRequest` can keep a training
 * request from the site (an unreachable site). Headers and bodies pass as they are.
 */
export async function startTrainingProxy(target: string): Promise<TrainingProxy> {
  const proxy: TrainingProxy = { url: '', onRoundRequest: () => undefined, onRoundAnswer: (_call, answer) => answer, answers: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on(
      'end',
      () =>
        void (async () => {
          const body = Buffer.concat(chunks);
          const training = /^\/api\/training\/([^/]+)\/(token|rounds)$/.exec(req.url ?? '');
          if (training && req.method === 'POST') {
            let sent: Record<string, unknown> = {};
            try {
              sent = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
            } catch {
              // forwarded as it is: the site answers a malformed request itself
            }
            const fault = proxy.onRoundRequest({
              transferId: decodeURIComponent(training[1] ?? ''),
              round: Number(sent.round),
              task: sent.task === 'evaluate' ? 'evaluate' : 'fit',
              body: sent,
              step: training[2] === 'token' ? 'token' : 'rounds',
            });
            if (fault === 'destroy') {
              req.socket.destroy();
              return;
            }
            if (fault !== undefined) {
              res.writeHead(fault, { 'content-type': 'text/plain' }).end('the site is unreachable (training proxy)');
              return;
            }
          }
          const upstream = await fetch(`${target}${req.url ?? '/'}`, {
            method: req.method ?? 'GET',
            headers: forwardable(req.headers),
            redirect: 'manual',
            ...(body.length > 0 ? { body } : {}),
          });
          let text = await upstream.text();
          const round = /^\/api\/training\/([^/]+)\/rounds$/.exec(req.url ?? '');
          if (round && req.method === 'POST' && upstream.status === 200) {
            const sent = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
            const call: RoundCall = { transferId: decodeURIComponent(round[1] ?? ''), round: Number(sent.round), task: sent.task === 'evaluate' ? 'evaluate' : 'fit', body: sent };
            const answer = JSON.parse(text) as RoundAnswer;
            proxy.answers.push({ call, answer: structuredClone(answer) });
            text = JSON.stringify(await proxy.onRoundAnswer(call, answer));
          }
          const out: Record<string, string> = {};
          upstream.headers.forEach((value, name) => {
            if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') out[name] = value;
          });
          res.writeHead(upstream.status, out).end(text);
        })().catch(() => {
          if (!res.headersSent) res.writeHead(502);
          res.end();
        }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
