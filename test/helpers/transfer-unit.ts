import { FixedClock, sequentialIds, silentLogger } from '../../core/index.js';
import { createOutboundPolicy } from '../../connector/http/outbound/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { storesOn, type Stores } from '../../connector/store/sql/create-stores.js';
import { migrate } from '../../connector/store/migrate.js';
import type { Database } from '../../connector/store/database.js';
import type { TransferDeps } from '../../connector/transfer/transfer-deps.js';
import { createTransferLoop } from '../../connector/transfer/transfer-manager.js';
import type { TransferProcess } from '../../connector/transfer/transfer-process.js';
import { CONSUMER, PROVIDER } from './provider-negotiation-harness.js';
import { recordingPeer, type RecordingPeer } from './recording-peer.js';
import { testStoreConfig, type Backend } from './test-database.js';

export const PULL_ADDRESS = { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'http://127.0.0.1:9/data' } as const;

/** Transfers on a real SQLite store, a fixed clock, a recording peer and data flows that record, the loop stepped by `tick()`. */
export interface TransferUnit {
  deps: TransferDeps;
  stores: Stores;
  database: Database;
  clock: FixedClock;
  peer: RecordingPeer;
  wakes: number;
  pushed: string[];
  cut: string[];
  seed(t: Partial<TransferProcess> & Pick<TransferProcess, 'state' | 'role'>): Promise<TransferProcess>;
  tick(): Promise<number>;
  get(id: string): Promise<TransferProcess>;
  close(): Promise<void>;
}

/** We are PROVIDER for provider transfers and CONSUMER for consumer ones (the other is the recording peer). */
export async function transferUnit(options: { retryLimit?: number; self?: string; backend?: Backend } = {}): Promise<TransferUnit> {
  const clock = new FixedClock();
  const location = testStoreConfig(options.backend ?? 'sqlite');
  const database = await location.open();
  await migrate(database, { clock, logger: silentLogger });
  const stores = storesOn(database, clock);
  const peer = await recordingPeer();
  const unit = { wakes: 0, pushed: [] as string[], cut: [] as string[] };
  const deps: TransferDeps = {
    store: stores.transfers,
    agreements: stores.agreements,
    recorder: stores.changeRecorder(() => undefined),
    negotiations: stores.negotiations,
    engine: createPolicyEngine(),
    clock,
    logger: silentLogger,
    ids: sequentialIds('t'),
    policy: { check: async () => ({}) } as unknown as TransferDeps['policy'],
    auth: { participantId: options.self ?? CONSUMER, tokenFor: async () => 'test' } as unknown as TransferDeps['auth'],
    flows: { pullAddress: async () => ({ ...PULL_ADDRESS }), push: async (t) => void unit.pushed.push(t.id), cut: (id) => void unit.cut.push(id) },
    dspBaseUrl: 'http://127.0.0.1:1/api/dsp',
    outbound: createOutboundPolicy({ allowLoopback: true }),
    wake: () => {
      unit.wakes += 1;
    },
  };
  const loop = createTransferLoop(deps, { owner: 'unit', retry: { limit: options.retryLimit ?? 1, baseMs: 1, capMs: 1, random: () => 0 } });
  let n = 0;
  return Object.assign(unit, {
    deps,
    stores,
    database,
    clock,
    peer,
    seed: (fields: Partial<TransferProcess> & Pick<TransferProcess, 'state' | 'role'>) => {
      n += 1;
      const id = fields.id ?? `urn:uuid:seed-${n}`;
      const now = clock.now();
      const consumer = fields.role === 'consumer';
      return stores.transfers.save({
        id,
        consumerPid: consumer ? id : `urn:uuid:consumer-${n}`,
        ...(consumer ? {} : { providerPid: id }),
        counterPartyId: consumer ? PROVIDER : CONSUMER,
        counterPartyAddress: peer.url,
        agreementId: 'urn:uuid:agreement-1',
        assetId: 'asset-1',
        transferType: 'HttpData-PULL',
        stateCount: 1,
        stateTimestamp: now,
        nextAttemptAt: now,
        pending: false,
        version: 0,
        createdAt: now,
        updatedAt: now,
        history: [],
        ...fields,
      });
    },
    tick: () => loop.tick(),
    get: (id: string) => stores.transfers.getById(id),
    close: async () => {
      await peer.close();
      await database.close();
      await location.cleanup();
    },
  });
}
