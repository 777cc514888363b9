import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock, type Logger } from '../../core/index.js';
import { createOutboundPolicy } from '../http/outbound/index.js';
import { startHostileServer, type HostileServer } from '../../test/helpers/hostile-servers.js';
import type { TransferProcess } from '../transfer/transfer-process.js';
import { DataFlowRegistry } from './data-flow-registry.js';
import type { DataPlaneDeps } from './data-plane-deps.js';
import { pushAsset } from './http-push.js';
import { backendAuth } from './httpdata/backend-auth.js';

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };

describe('push to a destination that takes the data and never answers', () => {
  const servers: HostileServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });

  it('should give up after the answer deadline, retryably, instead of holding the flow for ever', async () => {
    const source = await startHostileServer('fine');
    const destination = await startHostileServer('silent');
    servers.push(source, destination);
    const deps = {
      findAsset: async () => ({ id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: source.url } }),
      policy: { check: async () => undefined },
      registry: new DataFlowRegistry(),
      clock: new FixedClock(),
      logger: silent,
      fileRoot: undefined,
      sourceTimeoutMs: 30_000,
      backendAuth: backendAuth({ secretsDir: undefined, clock: new FixedClock() }),
      outbound: createOutboundPolicy({ allowLoopback: true }),
    } as unknown as DataPlaneDeps;
    const t = {
      id: 'tp-1',
      role: 'provider',
      state: 'STARTED',
      transferType: 'HttpData-PUSH',
      agreementId: 'ag-1',
      assetId: 'a1',
      counterPartyId: 'did:web:consumer',
      dataDestination: { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: destination.url },
    } as unknown as TransferProcess;
    const error = await pushAsset(deps, t, 100).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'PEER_UNAVAILABLE', retryable: true });
    expect(destination.hits()).toBe(1);
  });
});

describe('push to a destination the outbound policy denies (issue 17 item 2)', () => {
  it('should refuse, finally and without connecting, a private address or a name that resolves to loopback', async () => {
    const destination = await startHostileServer('fine');
    const source = await startHostileServer('fine'); // the provider's own source: not under the policy
    const deps = {
      findAsset: async () => ({ id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: source.url } }),
      policy: { check: async () => undefined },
      registry: new DataFlowRegistry(),
      clock: new FixedClock(),
      logger: silent,
      fileRoot: undefined,
      sourceTimeoutMs: 30_000,
      backendAuth: backendAuth({ secretsDir: undefined, clock: new FixedClock() }),
      outbound: createOutboundPolicy({ allowLoopback: false }),
    } as unknown as DataPlaneDeps;
    const to = (endpoint: string) =>
      ({
        id: 'tp-2',
        role: 'provider',
        state: 'STARTED',
        transferType: 'HttpData-PUSH',
        agreementId: 'ag-1',
        assetId: 'a1',
        counterPartyId: 'did:web:consumer',
        dataDestination: { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint },
      }) as unknown as TransferProcess;
    try {
      for (const endpoint of ['https://10.0.0.9/in', `https://localhost:${new URL(destination.url).port}/in`]) {
        const error = await pushAsset(deps, to(endpoint), 100).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toMatchObject({ code: 'OUTBOUND_REFUSED', retryable: false });
      }
      expect(destination.hits()).toBe(0);
    } finally {
      await destination.close();
      await source.close();
    }
  });
});

/** The deps of a push from an HttpData source at `sourceUrl`. */
const depsFrom = (sourceUrl: string) =>
  ({
    findAsset: async () => ({ id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: sourceUrl } }),
    policy: { check: async () => undefined },
    registry: new DataFlowRegistry(),
    clock: new FixedClock(),
    logger: silent,
    fileRoot: undefined,
    sourceTimeoutMs: 30_000,
    pushTimeoutMs: 60_000,
    backendAuth: backendAuth({ secretsDir: undefined, clock: new FixedClock() }),
    outbound: createOutboundPolicy({ allowLoopback: true }),
  }) as unknown as DataPlaneDeps;

const pushTo = (endpoint: string, endpointProperties: { name: string; value: string }[] = []) =>
  ({
    id: 'tp-3',
    role: 'provider',
    state: 'STARTED',
    transferType: 'HttpData-PUSH',
    agreementId: 'ag-1',
    assetId: 'a1',
    counterPartyId: 'did:web:consumer',
    dataDestination: { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint, endpointProperties },
  }) as unknown as TransferProcess;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('push to a destination that stops reading the body', () => {
  it('should give up once the destination took no data for the push time limit, retryably, and end the flow', async () => {
    const source = await startHostileServer('endless'); // more than every socket buffer on the way holds
    let paused!: () => void;
    const destinationPaused = new Promise<void>((resolve) => (paused = resolve));
    const destination = createServer((req) => {
      req.pause(); // accepts the connection and never reads nor answers
      paused();
    });
    const deps = depsFrom(source.url);
    try {
      const error = await pushAsset(deps, pushTo(await listen(destination)), 200).then(
        () => undefined,
        (e: unknown) => e,
      );
      await destinationPaused;
      expect(error).toMatchObject({ code: 'PEER_UNAVAILABLE', retryable: true, detail: expect.stringContaining('took no data for 200 ms') });
      expect(deps.registry.active()).toBe(0);
    } finally {
      await close(destination);
      await source.close();
    }
  });
});

describe('push that fails after its source was opened (fd leak)', () => {
  it('should close the source when the request cannot even be made (a header value with CR/LF)', async () => {
    let closed!: () => void;
    const sourceClosed = new Promise<void>((resolve) => (closed = resolve));
    const source = createServer((_req, res) => {
      res.on('close', () => closed());
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(1024)); // and then holds the body open: only the provider closing it ends this
    });
    const destination = await startHostileServer('fine');
    try {
      const error = await pushAsset(depsFrom(await listen(source)), pushTo(destination.url, [{ name: 'authorization', value: 'x\r\nInjected: 1' }]), 200).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'PEER_UNAVAILABLE' });
      await sourceClosed; // without the fix the source's response stays open (one descriptor per retry)
      expect(destination.hits()).toBe(0);
    } finally {
      await close(source);
      await destination.close();
    }
  });
});
