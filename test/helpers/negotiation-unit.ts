import { FixedClock, sequentialIds, silentLogger } from '../../core/index.js';
import { createOutboundPolicy } from '../../connector/http/outbound/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { unsignedAgreements } from '../../connector/negotiation/agreement/agreement-signer.js';
import type { ContractNegotiation } from '../../connector/negotiation/contract-negotiation.js';
import type { NegotiationDeps } from '../../connector/negotiation/negotiation-deps.js';
import { createNegotiationLoop } from '../../connector/negotiation/negotiation-manager.js';
import { storesOn, type Stores } from '../../connector/store/sql/create-stores.js';
import { migrate } from '../../connector/store/migrate.js';
import type { Database } from '../../connector/store/database.js';
import { allowedAgent, CONSUMER, PROVIDER } from './provider-negotiation-harness.js';
import { recordingPeer, type RecordingPeer } from './recording-peer.js';
import { testStoreConfig, type Backend } from './test-database.js';

export const OFFER = { '@id': 'offer-1', '@type': 'Offer', target: 'asset-1', assigner: PROVIDER, permission: [{ action: 'use' }] };

/** Negotiations on a real store (SQLite unless `backend` says otherwise), a fixed clock, a recording peer, and the loop stepped by `tick()`. */
export interface NegotiationUnit {
  deps: NegotiationDeps;
  database: Database;
  stores: Stores;
  clock: FixedClock;
  peer: RecordingPeer;
  wakes: number;
  /** Stores a negotiation of ours in `state` (role and the rest overridable), addressed to the recording peer. */
  seed(n: Partial<ContractNegotiation> & Pick<ContractNegotiation, 'state' | 'role'>): Promise<ContractNegotiation>;
  tick(): Promise<number>;
  get(id: string): Promise<ContractNegotiation>;
  close(): Promise<void>;
}

/** `retryLimit` 1: every failure is final at once; higher: retryable failures wait one millisecond of the clock. */
export async function negotiationUnit(options: { retryLimit?: number; overrides?: Partial<NegotiationDeps>; backend?: Backend } = {}): Promise<NegotiationUnit> {
  const clock = new FixedClock();
  const location = testStoreConfig(options.backend ?? 'sqlite');
  const database = await location.open();
  await migrate(database, { clock, logger: silentLogger });
  const stores = storesOn(database, clock);
  const peer = await recordingPeer();
  const unit = { wakes: 0 };
  const deps: NegotiationDeps = {
    store: stores.negotiations,
    agreements: stores.agreements,
    engine: createPolicyEngine(),
    signer: unsignedAgreements,
    clock,
    logger: silentLogger,
    ids: sequentialIds('n'),
    dspBaseUrl: 'http://127.0.0.1:1/api/dsp',
    outbound: createOutboundPolicy({ allowLoopback: true }),
    wake: () => {
      unit.wakes += 1;
    },
    offers: { resolve: async () => undefined },
    recordAudit: (entry) => stores.changeRecorder(() => undefined).record({ audit: entry }),
    auth: { participantId: PROVIDER, tokenFor: async () => 'test', authenticate: async () => allowedAgent } as unknown as NegotiationDeps['auth'],
    ...options.overrides,
  };
  const loop = createNegotiationLoop(deps, { owner: 'unit', retry: { limit: options.retryLimit ?? 1, baseMs: 1, capMs: 1, random: () => 0 } });
  let n = 0;
  return Object.assign(unit, {
    deps,
    database,
    stores,
    clock,
    peer,
    seed: (fields: Partial<ContractNegotiation> & Pick<ContractNegotiation, 'state' | 'role'>) => {
      const now = clock.now();
      n += 1;
      const id = fields.id ?? `urn:uuid:seed-${n}`;
      return stores.negotiations.save({
        id,
        consumerPid: fields.role === 'consumer' ? id : `urn:uuid:consumer-${n}`,
        ...(fields.role === 'provider' ? { providerPid: id } : {}),
        counterPartyId: fields.role === 'consumer' ? PROVIDER : CONSUMER,
        counterPartyAddress: peer.url,
        stateCount: 1,
        stateTimestamp: now,
        nextAttemptAt: now,
        pending: false,
        version: 0,
        createdAt: now,
        updatedAt: now,
        offer: OFFER,
        handledMessages: [],
        history: [],
        ...fields,
      });
    },
    tick: () => loop.tick(),
    get: (id: string) => stores.negotiations.getById(id),
    close: async () => {
      await peer.close();
      await database.close();
      await location.cleanup();
    },
  });
}
