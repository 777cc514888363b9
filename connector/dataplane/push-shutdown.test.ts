import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FixedClock, Interruption, type Logger } from '../../core/index.js';
import { startHostileServer, type HostileServer } from '../../test/helpers/hostile-servers.js';
import { createOutboundPolicy } from '../http/outbound/index.js';
import type { TransferProcess } from '../transfer/transfer-process.js';
import { DataFlowRegistry } from './data-flow-registry.js';
import type { DataPlaneDeps } from './data-plane-deps.js';
import { pushAsset } from './http-push.js';
import { backendAuth } from './httpdata/backend-auth.js';
import { interruptPushesAfter } from './push-shutdown.js';

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };
const PUSH_TIMEOUT_MS = 10 * 60_000; // dataPlane.pushTimeoutMs: long
const GRACE_MS = 2_000; // shutdown.graceMs: short

const push = {
  id: 'tp-stuck',
  role: 'provider',
  state: 'COMPLETING',
  transferType: 'HttpData-PUSH',
  agreementId: 'ag-1',
  assetId: 'a1',
  counterPartyId: 'did:web:consumer',
} as unknown as TransferProcess;

describe('a stop while a push to a destination that stopped reading is in flight', () => {
  let source: HostileServer | undefined;
  let destination: Server | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    destination?.closeAllConnections();
    await new Promise((resolve) => (destination ? destination.close(resolve) : resolve(undefined)));
    await source?.close();
  });

  it('should interrupt the push when shutdown.graceMs ends, retryably, long before dataPlane.pushTimeoutMs, and leave pulls alone', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }); // the grace and the push's stall bound; sockets run for real
    source = await startHostileServer('endless'); // more than every socket buffer on the way holds
    let reached!: (req: IncomingMessage) => void;
    const paused = new Promise<IncomingMessage>((resolve) => (reached = resolve));
    destination = createServer((req) => {
      req.pause(); // accepts the connection and never reads nor answers
      reached(req);
    });
    await new Promise<void>((resolve) => destination?.listen(0, '127.0.0.1', resolve));
    const registry = new DataFlowRegistry();
    const deps = {
      findAsset: async () => ({ id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: source?.url } }),
      policy: { check: async () => undefined },
      registry,
      clock: new FixedClock(),
      logger: silent,
      fileRoot: undefined,
      sourceTimeoutMs: 30_000,
      pushTimeoutMs: PUSH_TIMEOUT_MS,
      backendAuth: backendAuth({ secretsDir: undefined, clock: new FixedClock() }),
      outbound: createOutboundPolicy({ allowLoopback: true }),
    } as unknown as DataPlaneDeps;
    const endpoint = `http://127.0.0.1:${(destination.address() as AddressInfo).port}/in`;
    const pull = registry.track('tp-pull'); // a pull response served meanwhile
    const outcome = pushAsset(deps, { ...push, dataDestination: { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint } } as TransferProcess).then(
      () => 'completed',
      (e: unknown) => e,
    );
    const req = await paused;
    const socketClosed = new Promise<void>((resolve) => req.socket.once('close', () => resolve()));

    const stop = interruptPushesAfter(registry, GRACE_MS, silent); // what the connector's stop starts
    vi.advanceTimersByTime(GRACE_MS - 1);
    expect(registry.active('tp-stuck')).toBe(1); // still waiting on the destination within the grace
    vi.advanceTimersByTime(1); // the grace ends; dataPlane.pushTimeoutMs is nowhere near

    expect(await outcome).toMatchObject({
      code: 'NOT_READY',
      retryable: true,
      detail: expect.stringContaining(`shutdown.graceMs (${GRACE_MS} ms)`),
      cause: expect.any(Interruption),
    }); // the loop counts no attempt for it
    req.resume(); // reading again, the destination finds its connection closed by the provider
    await socketClosed;
    stop.cancel();
    expect(registry.active('tp-stuck')).toBe(0);
    expect(pull.signal.aborted).toBe(false); // pulls end with the HTTP server's own shutdown
  }, 8_000); // without the interruption the push would wait for dataPlane.pushTimeoutMs, which never comes here

  it('should interrupt nothing when the wait ended before the grace (cancel)', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const registry = new DataFlowRegistry();
    const flow = registry.track('tp-1', 'push');
    interruptPushesAfter(registry, GRACE_MS, silent).cancel();
    vi.advanceTimersByTime(GRACE_MS * 10);
    expect(flow.signal.aborted).toBe(false);
    expect(registry.interruptPushes('stopping')).toBe(1);
    expect(flow.signal.aborted).toBe(true);
  });
});
