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
