import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '../../connector/http/outbound/index.js';
import { isConnectorError, type Clock, type Logger } from '../../core/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { migrate } from '../../connector/store/migrate.js';
import { storesOn, type Stores } from '../../connector/store/sql/create-stores.js';
import { consumerTransferProtocol } from '../../connector/transfer/consumer-transfer-protocol.js';
import { providerTransferProtocol } from '../../connector/transfer/provider-transfer-protocol.js';
import type { TransferDeps } from '../../connector/transfer/transfer-deps.js';
import { transferInbound } from '../../connector/transfer/transfer-inbound.js';
import type { TransferProcess, TransferType } from '../../connector/transfer/transfer-process.js';
import type { TransferState } from '../../connector/transfer/transfer-state.js';
import { allowedAgent } from '../helpers/provider-negotiation-harness.js';
import { testStoreConfig, type TestDatabase } from '../helpers/test-database.js';

/**
 * Every (state, inbound message) pair of the transfer process, per role, against the DSP 2025-1 state machine:
 * `ok` = acknowledged, `400` = invalid transition (TransferError, no state change). Repeats are invalid: completion
 * in COMPLETED, termination in TERMINATED, suspension in SUSPENDED, a consumer's (resume) start at a provider that
 * is STARTED. The provider's start at a consumer that is STARTED is taken only as a repeat for the same endpoint (a
 * provider that lost our answer in a crash; the seeds hold the endpoint the table's start names), without a change of
 * state; one naming another endpoint is refused (consumer-transfer-protocol.test.ts). A start that overtakes the consumer's own message is taken: in REQUESTING (our request's answer is still
 * on its way) and in RESUMING (our resume is out). The provider pushes while COMPLETING and shows STARTED meanwhile,
 * so COMPLETING takes what STARTED takes (not a resume). A suspension the provider set is lifted by the provider
 * only: the consumer's start (a resume) is refused then; the consumer's own suspension either side may lift. A provider
 * STARTING takes a suspension or completion: the consumer sends either only once it got our start, which a provider
 * that died before saving STARTED (or is still saving it) had sent (connector/transfer/start-delivered.ts).
 */
type Outcome = 'ok' | '400';
const X: Outcome = '400';
type Message = 'start' | 'suspension' | 'completion' | 'termination';

// prettier-ignore
const PROVIDER_TABLE: Record<string, Record<Message, Outcome>> = {
  //                  start  suspension  completion  termination
  REQUESTED: { start: X, suspension: X, completion: X, termination: 'ok' },
  STARTING: { start: X, suspension: 'ok', completion: 'ok', termination: 'ok' },
  STARTED: { start: X, suspension: 'ok', completion: 'ok', termination: 'ok' },
  SUSPENDING: { start: X, suspension: 'ok', completion: X, termination: 'ok' },
  'SUSPENDED by the consumer': { start: 'ok', suspension: X, completion: X, termination: 'ok' },
  'SUSPENDED by the provider': { start: X, suspension: X, completion: X, termination: 'ok' },
  COMPLETING: { start: X, suspension: 'ok', completion: 'ok', termination: 'ok' },
  COMPLETED: { start: X, suspension: X, completion: X, termination: X },
  TERMINATING: { start: X, suspension: X, completion: X, termination: 'ok' },
  TERMINATED: { start: X, suspension: X, completion: X, termination: X },
};

// prettier-ignore
const CONSUMER_TABLE: Record<string, Record<Message, Outcome>> = {
  //                  start  suspension  completion  termination
  REQUESTING: { start: 'ok', suspension: X, completion: X, termination: 'ok' },
  REQUESTED: { start: 'ok', suspension: X, completion: X, termination: 'ok' },
  STARTED: { start: 'ok', suspension: 'ok', completion: 'ok', termination: 'ok' },
  SUSPENDING: { start: X, suspension: 'ok', completion: X, termination: 'ok' },
  'SUSPENDED by the consumer': { start: 'ok', suspension: X, completion: X, termination: 'ok' },
  'SUSPENDED by the provider': { start: 'ok', suspension: X, completion: X, termination: 'ok' },
  RESUMING: { start: 'ok', suspension: X, completion: X, termination: 'ok' },
  COMPLETING: { start: X, suspension: X, completion: 'ok', termination: 'ok' },
  COMPLETED: { start: X, suspension: X, completion: X, termination: X },
  TERMINATING: { start: X, suspension: X, completion: X, termination: 'ok' },
  TERMINATED: { start: X, suspension: X, completion: X, termination: X },
};

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child: () => quiet } as unknown as Logger;
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
let location: TestDatabase;
let stores: Stores;
let deps: TransferDeps;
let n = 0;

beforeAll(async () => {
  location = testStoreConfig('sqlite');
  const database = await location.open();
  const clock: Clock = { now: () => Date.now(), isoNow: () => new Date().toISOString() };
  await migrate(database, { clock, logger: quiet });
  stores = storesOn(database, clock);
  deps = {
    store: stores.transfers,
    agreements: stores.agreements,
    recorder: stores.changeRecorder(() => undefined),
    negotiations: stores.negotiations,
    engine: createPolicyEngine(),
    clock,
    logger: quiet,
    ids: { next: () => `id-${++n}` },
    policy: { check: async () => ({}) } as unknown as TransferDeps['policy'],
    auth: { participantId: 'did:web:me.test' } as unknown as TransferDeps['auth'],
    flows: { pullAddress: async () => ({ '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP' }), push: async () => undefined, cut: () => undefined },
    dspBaseUrl: 'http://127.0.0.1:1/api/dsp',
    outbound: createOutboundPolicy({ allowLoopback: true }),
    wake: () => undefined,
  };
});
afterAll(async () => {
  await stores?.close();
  await location?.cleanup();
});

/** A table row: a state, or `SUSPENDED by the <role>`. */
async function seed(role: 'provider' | 'consumer', row: string, transferType: TransferType = 'HttpData-PULL'): Promise<TransferProcess> {
  const id = `urn:uuid:t-${role}-${++n}`;
  const [state, suspendedBy] = row.split(' by the ') as [TransferState, ('provider' | 'consumer')?];
  const now = Date.now();
  return stores.transfers.save({
    id,
    role,
    state,
    stateCount: 1,
    stateTimestamp: now,
    nextAttemptAt: now + 3_600_000,
    pending: false,
    version: 0,
    createdAt: now,
    updatedAt: now,
    consumerPid: role === 'consumer' ? id : `${id}-c`,
    providerPid: role === 'provider' ? id : `${id}-p`,
    correlationId: role === 'provider' ? `${id}-c` : `${id}-p`,
    counterPartyId: allowedAgent.id,
    counterPartyAddress: 'http://127.0.0.1:1/cb',
    agreementId: 'urn:uuid:agr',
    assetId: 'a1',
    transferType,
    agent: allowedAgent,
    history: [],
    ...(suspendedBy ? { suspendedBy } : {}),
    ...(role === 'consumer' ? { edr: { endpoint: 'http://127.0.0.1:9/data', authType: 'bearer' } } : {}),
  });
}

const outcome = async (action: () => Promise<unknown>): Promise<Outcome> => {
  try {
    await action();
    return 'ok';
  } catch (error) {
    if (isConnectorError(error) && error.code === 'INVALID_TRANSITION') return '400';
    throw error;
  }
};

function send(t: TransferProcess, message: Message): Promise<unknown> {
  const pids = { providerPid: t.providerPid, consumerPid: t.consumerPid };
  const inbound = transferInbound(deps);
  if (message === 'start') {
    const body = {
      '@context': CTX,
      '@type': 'TransferStartMessage',
      ...pids,
      ...(t.role === 'consumer' ? { dataAddress: { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'http://127.0.0.1:9/data' } } : {}),
    };
    return t.role === 'provider' ? providerTransferProtocol(deps).start(t, allowedAgent, body) : consumerTransferProtocol(deps).start(t, body);
  }
  if (message === 'suspension') return inbound.suspension(t, { '@context': CTX, '@type': 'TransferSuspensionMessage', ...pids, code: 's', reason: ['r'] });
  if (message === 'completion') return inbound.completion(t, { '@context': CTX, '@type': 'TransferCompletionMessage', ...pids });
  return inbound.termination(t, { '@context': CTX, '@type': 'TransferTerminationMessage', ...pids, code: 't', reason: ['r'] });
}

for (const [role, table] of [
  ['provider', PROVIDER_TABLE],
  ['consumer', CONSUMER_TABLE],
] as const) {
  describe(`${role} transfer: every (state, message) pair`, () => {
    for (const [state, row] of Object.entries(table)) {
      for (const [message, expected] of Object.entries(row) as [Message, Outcome][]) {
        it(`${message} in ${state}: ${expected}`, async () => {
          const t = await seed(role, state);
          expect(await outcome(() => send(t, message))).toBe(expected);
          if (expected === '400') expect((await stores.transfers.getById(t.id)).version).toBe(t.version);
        });
      }
    }
  });
}

describe('a pull start without a token', () => {
  it('is accepted: the EDR has the endpoint and no token (the provider needs none)', async () => {
    const t = await seed('consumer', 'REQUESTED');
    const after = (await send(t, 'start')) as TransferProcess;
    expect(after.state).toBe('STARTED');
    expect(after.edr).toEqual({ endpoint: 'http://127.0.0.1:9/data', authType: 'bearer' });
  });
});
