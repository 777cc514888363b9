import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Logger } from '../../core/index.js';
import { FixedClock } from '../../core/index.js';
import { DataFlowRegistry } from '../../connector/dataplane/data-flow-registry.js';
import type { DataPlaneDeps } from '../../connector/dataplane/data-plane-deps.js';
import { dataPlaneRouter } from '../../connector/dataplane/data-plane-routes.js';
import { dataTokens } from '../../connector/dataplane/data-token.js';
import { backendAuth } from '../../connector/dataplane/httpdata/backend-auth.js';
import { createPublicApp } from '../../connector/dsp/public-app.js';
import type { TransferProcess } from '../../connector/transfer/transfer-process.js';
import { capturingLogger } from './log-capture.js';

/**
 * The provider's real data-plane router on a loopback port, serving one started pull transfer of one asset with
 * the given data address (the transfer and policy checks pass; they are tested elsewhere). `send` makes raw
 * HTTP requests (no client-side URL normalisation, so `..` reaches the data plane as sent).
 */
export async function startDataPlane(dataAddress: Record<string, unknown>, options: { secretsDir?: string; fileRoot?: string } = {}) {
  const clock = new FixedClock();
  const { logger, lines } = capturingLogger();
  const t = {
    id: 'tp-1',
    role: 'provider',
    state: 'STARTED',
    transferType: 'HttpData-PULL',
    agreementId: 'ag-1',
    assetId: 'a1',
    counterPartyId: 'did:web:consumer',
  } as unknown as TransferProcess;
  const tokens = dataTokens({ issuer: 'did:web:provider', secret: 'x'.repeat(32), ttlSeconds: 300, clock });
  const deps = {
    transfers: { findById: async (id: string) => (id === t.id ? t : undefined) },
    findAsset: async () => ({ id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', ...dataAddress } }),
    policy: { check: async () => undefined },
    tokens,
    registry: new DataFlowRegistry(),
    clock,
    logger: logger as unknown as Logger,
    baseUrl: 'http://unused',
    fileRoot: options.fileRoot,
    sourceTimeoutMs: 30_000,
    backendAuth: backendAuth({ secretsDir: options.secretsDir, clock }),
  } as unknown as DataPlaneDeps;
  const app = createPublicApp({
    participantId: 'did:web:provider',
    logger,
    problemTypeBase: 'https://w3id.org/kontor/problems/',
    mount: (a) => a.use('/api/data', dataPlaneRouter(deps)),
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  // A fresh data token per request, as the consumer refreshes it, so tests may move the clock.
  const exchange = async (path: string, init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {}) => {
    const { token } = await tokens.issue({ transferId: t.id, agreementId: 'ag-1', audience: 'did:web:consumer' });
    return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: `/api/data/tp-1${path}`,
          method: init.method ?? 'GET',
          headers: { authorization: token, ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}), ...init.headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res
            .on('data', (c: Buffer) => chunks.push(c))
            .on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end(init.body);
    });
  };
  const send = async (...args: Parameters<typeof exchange>) => {
    const { status, body } = await exchange(...args);
    return { status, body };
  };
  return { send, exchange, clock, logs: () => JSON.stringify(lines), close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
