import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError, silentLogger } from '../../core/index.js';
import { startHostileServer, type HostileServer } from '../../test/helpers/hostile-servers.js';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import { createOutboundPolicy } from '../http/outbound/index.js';
import type { TransferProcess } from '../transfer/index.js';
import { providerTransferProtocol } from '../transfer/provider-transfer-protocol.js';
import { allowedAgent } from '../../test/helpers/provider-negotiation-harness.js';
import { DataFlowRegistry } from './data-flow-registry.js';
import type { DataPlaneDeps } from './data-plane-deps.js';
import { pushAsset } from './http-push.js';
import { backendAuth } from './httpdata/backend-auth.js';

/**
 * A push is at-least-once: when the save after it fails (a lost store connection; a crash is the same), the COMPLETING
 * step runs again and pushes again. Both deliveries carry the same X-Kontor-Transfer and Idempotency-Key, so the
 * destination can drop the second; the provider notes the repeat in the history.
 */
let unit: TransferUnit;
let source: HostileServer;
let destination: Server;
const received: IncomingHttpHeaders[] = [];
let answers: number[] = [];
afterEach(async () => {
  received.length = 0;
  answers = [];
  destination.closeAllConnections();
  await new Promise((resolve) => destination.close(resolve));
  await source.close();
  await unit.close();
});

async function setUp(retryLimit = 1): Promise<string> {
  unit = await transferUnit({ retryLimit });
  source = await startHostileServer('fine');
  destination = createServer((req, res) => {
    received.push(req.headers);
    req.resume().on('end', () => res.writeHead(answers.shift() ?? 204).end());
  });
  await new Promise<void>((resolve) => destination.listen(0, '127.0.0.1', resolve));
  const dataPlane = {
    findAsset: async () => ({ id: 'asset-1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: source.url } }),
    policy: { check: async () => undefined },
    registry: new DataFlowRegistry(),
    clock: unit.clock,
    logger: silentLogger,
    fileRoot: undefined,
    sourceTimeoutMs: 30_000,
    pushTimeoutMs: 30_000,
    backendAuth: backendAuth({ secretsDir: undefined, clock: unit.clock }),
    outbound: createOutboundPolicy({ allowLoopback: true }),
  } as unknown as DataPlaneDeps;
  unit.deps.flows.push = (t) => pushAsset(dataPlane, t);
  return `http://127.0.0.1:${(destination.address() as AddressInfo).port}/in`;
}

/** The store fails the next save that matches (as a lost PostgreSQL connection does), once. */
function failNextSave(matches: (t: TransferProcess) => boolean): void {
  const store = unit.stores.transfers;
  const [save, saveAndLease] = [store.save.bind(store), store.saveAndLease.bind(store)];
  let armed = true;
  const fault = (t: TransferProcess) => {
    if (!armed || !matches(t)) return;
    armed = false;
    throw new ConnectorError('STORE_UNAVAILABLE', { detail: 'the connection was lost', retryable: true });
  };
  store.save = async (t, releaseFor) => {
    fault(t);
    return save(t, releaseFor);
  };
  store.saveAndLease = async (t, lease, releaseFor) => {
    fault(t);
    return saveAndLease(t, lease, releaseFor);
  };
}

const pushing = (endpoint: string) =>
  ({
    role: 'provider',
    state: 'COMPLETING',
    transferType: 'HttpData-PUSH',
    dataDestination: { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint },
  }) as const;

describe('a push made again after its end was not saved', () => {
  it('carries the same X-Kontor-Transfer and Idempotency-Key, and the history says it was pushed again', async () => {
    const endpoint = await setUp();
    const t = await unit.seed(pushing(endpoint));
    failNextSave((s) => s.pushedAt !== undefined);
    await unit.tick(); // pushes; the save of pushedAt fails
    expect(received).toHaveLength(1);
    expect(await unit.get(t.id)).toMatchObject({ state: 'COMPLETING', pushStartedAt: unit.clock.now() });
    expect((await unit.get(t.id)).pushedAt).toBeUndefined();
    unit.clock.advance(5_000);
    await unit.tick(); // pushes again, then completes
    await unit.tick();
    expect(received).toHaveLength(2);
    const [first, second] = received;
    expect(first?.['x-kontor-transfer']).toBe(t.id);
    expect(first?.['idempotency-key']).toBe(`"${t.id}/push/${unit.clock.now() - 5_000}"`);
    expect([second?.['x-kontor-transfer'], second?.['idempotency-key']]).toEqual([first?.['x-kontor-transfer'], first?.['idempotency-key']]);
    const stored = await unit.get(t.id);
    expect(stored.state).toBe('COMPLETED');
    expect(stored.history.map((h) => h.cause)).toContain('data pushed again after an interruption (same Idempotency-Key)');
  });

  it('after a failed attempt (503): handled on the saved mark, retried with the same key', async () => {
    const endpoint = await setUp(3);
    const t = await unit.seed(pushing(endpoint));
    answers = [503];
    await unit.tick();
    expect(await unit.get(t.id)).toMatchObject({ state: 'COMPLETING', stateCount: 2, errorDetail: expect.stringMatching(/answered 503/), pushStartedAt: unit.clock.now() });
    unit.clock.advance(5_000);
    await unit.tick();
    await unit.tick();
    expect(received.map((h) => h['idempotency-key'])).toEqual([`"${t.id}/push/${unit.clock.now() - 5_000}"`, `"${t.id}/push/${unit.clock.now() - 5_000}"`]);
    expect((await unit.get(t.id)).state).toBe('COMPLETED');
  });

  it('pushes nothing when the mark before the push cannot be saved; the next attempt is the first push', async () => {
    const endpoint = await setUp();
    const t = await unit.seed(pushing(endpoint));
    failNextSave((s) => s.pushStartedAt !== undefined);
    await unit.tick();
    expect(received).toHaveLength(0);
    unit.clock.advance(5_000);
    await unit.tick();
    await unit.tick();
    expect(received).toHaveLength(1);
    const stored = await unit.get(t.id);
    expect(stored.state).toBe('COMPLETED');
    expect(stored.history.map((h) => h.cause)).toContain('data pushed');
    expect(stored.history.map((h) => h.cause)).not.toContain('data pushed again after an interruption (same Idempotency-Key)');
  });

  it('a push made anew after the consumer resumed gets a key of its own, and is no repeat', async () => {
    const endpoint = await setUp();
    const earlier = unit.clock.now() - 60_000;
    const t = await unit.seed({ ...pushing(endpoint), state: 'SUSPENDED', suspendedBy: 'consumer', pushStartedAt: earlier });
    const resumed = await providerTransferProtocol(unit.deps).start(t, allowedAgent, {
      '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
      '@type': 'TransferStartMessage',
      providerPid: t.id,
      consumerPid: t.consumerPid,
    });
    expect(resumed).toMatchObject({ state: 'COMPLETING' });
    expect(resumed.pushStartedAt).toBeUndefined();
    await unit.tick();
    expect(received.map((h) => h['idempotency-key'])).toEqual([`"${t.id}/push/${unit.clock.now()}"`]);
    expect((await unit.get(t.id)).history.at(-1)?.cause).toBe('data pushed');
  });
});
