import { afterEach, describe, expect, it } from 'vitest';
import { type ConnectorError, silentLogger } from '../../core/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { allowedAgent, CONSUMER, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import { PULL_ADDRESS, transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import { TEST_PG_URL, type Backend } from '../../test/helpers/test-database.js';
import type { ContractNegotiation } from '../negotiation/contract-negotiation.js';
import type { NegotiationState } from '../negotiation/negotiation-state.js';
import { providerTransferProtocol } from './provider-transfer-protocol.js';
import { TRAINING_PLAN_KEY } from './transfer-messages.js';
import { transferPolicy } from './transfer-policy.js';

let unit: TransferUnit;
afterEach(async () => unit.close());
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];

async function setup(negotiationState: NegotiationState = 'FINALIZED', backend: Backend = 'sqlite') {
  unit = await transferUnit({ self: PROVIDER, backend });
  const now = unit.clock.now();
  await unit.stores.negotiations.save({
    id: 'n1',
    role: 'provider',
    state: negotiationState,
    consumerPid: 'c-n1',
    counterPartyId: CONSUMER,
    counterPartyAddress: unit.peer.url,
    offer: {},
    handledMessages: [],
    history: [],
    stateCount: 1,
    stateTimestamp: now,
    nextAttemptAt: now,
    pending: false,
    version: 0,
    createdAt: now,
    updatedAt: now,
  } as ContractNegotiation);
  await unit.stores.agreements.save({
    id: 'a1',
    negotiationId: 'n1',
    assigner: PROVIDER,
    assignee: CONSUMER,
    assetId: 'asset-1',
    policy: { '@type': 'Set', permission: [{ action: 'use' }] },
    signedAt: now,
    status: 'active',
  });
  unit.deps.policy = transferPolicy({ agreements: unit.stores.agreements, engine: createPolicyEngine(), clock: unit.clock, logger: silentLogger, participantId: PROVIDER });
  return providerTransferProtocol(unit.deps);
}
const request = (fields: Record<string, unknown> = {}) => ({
  '@context': CTX,
  '@type': 'TransferRequestMessage',
  consumerPid: 'urn:uuid:c-1',
  agreementId: 'a1',
  format: 'HttpData-PULL',
  callbackAddress: `${unit.peer.url}/`,
  ...fields,
});
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: unknown) => `${(e as ConnectorError).code}: ${(e as ConnectorError).detail}`,
  );

describe('provider transfer protocol, inbound request', () => {
  it('should take a request under a finalized agreement into STARTING, wake the loop, and the next tick sends the start', async () => {
    const protocol = await setup();
    const t = await protocol.request(allowedAgent, request());
    expect(t).toMatchObject({
      role: 'provider',
      state: 'STARTING',
      providerPid: t.id,
      consumerPid: 'urn:uuid:c-1',
      correlationId: 'urn:uuid:c-1',
      counterPartyAddress: unit.peer.url,
      assetId: 'asset-1',
    });
    expect(t.history.map((h) => h.state)).toEqual(['REQUESTED', 'STARTING']);
    expect(unit.wakes).toBe(1);
    await unit.tick();
    expect(unit.peer.received).toEqual([
      { path: 'transfers/urn%3Auuid%3Ac-1/start', body: expect.objectContaining({ '@type': 'TransferStartMessage', providerPid: t.id, dataAddress: PULL_ADDRESS }) },
    ]);
  });

  it('should answer a repeated request of the same consumer with the same transfer', async () => {
    const protocol = await setup();
    const first = await protocol.request(allowedAgent, request());
    expect(await protocol.request(allowedAgent, request())).toMatchObject({ id: first.id, version: first.version });
    expect((await unit.stores.transfers.list({ offset: 0, limit: 10 })).total).toBe(1);
  });

  it('should find the caller’s own transfer on a repeat when another party used the same consumerPid first', async () => {
    const protocol = await setup();
    const shape = await protocol.request(allowedAgent, request({ consumerPid: 'urn:uuid:c-shape' }));
    const squatter = {
      ...shape,
      id: 'urn:uuid:squat',
      providerPid: 'urn:uuid:squat',
      version: 0,
      counterPartyId: 'did:web:squatter',
      consumerPid: 'urn:uuid:c-7',
      correlationId: 'urn:uuid:c-7',
    };
    await unit.stores.transfers.save(squatter);
    const mine = await protocol.request(allowedAgent, request({ consumerPid: 'urn:uuid:c-7' }));
    expect(mine.id).not.toBe(squatter.id);
    expect((await protocol.request(allowedAgent, request({ consumerPid: 'urn:uuid:c-7' }))).id).toBe(mine.id);
  });

  it.each([
    ['an unsupported format', { format: 'Carrier-Pigeon' }, /^VALIDATION_FAILED: unsupported format 'Carrier-Pigeon'/],
    ['a push without a destination', { format: 'HttpData-PUSH' }, /^VALIDATION_FAILED: a push transfer needs a dataAddress/],
    ['a callback that is no http(s) URL', { callbackAddress: 'ftp://x.test/cb' }, /^VALIDATION_FAILED: callbackAddress must be an http\(s\) URL/],
    ['an agreement not between us', { agreementId: 'nope' }, /^VALIDATION_FAILED: no agreement 'nope'/],
    ['a training plan that is no JSON object', { format: 'FederatedTraining', [TRAINING_PLAN_KEY]: '[1]' }, /^VALIDATION_FAILED: the training plan/],
  ])('should refuse %s and store nothing', async (_case, fields, reason) => {
    const protocol = await setup();
    expect(await refusal(protocol.request(allowedAgent, request(fields)))).toMatch(reason);
    expect((await unit.stores.transfers.list({ offset: 0, limit: 10 })).total).toBe(0);
  });

  it('should refuse a request while the negotiation is not finalized', async () => {
    const protocol = await setup('AGREED');
    expect(await refusal(protocol.request(allowedAgent, request()))).toMatch(/^VALIDATION_FAILED: the negotiation of agreement 'a1' is not finalized/);
  });
});

describe.each([
  { backend: 'sqlite' as const, skip: false },
  { backend: 'postgres' as const, skip: !TEST_PG_URL },
])('provider transfer protocol, copies of one request arriving at once, on $backend', ({ backend, skip }) => {
  it.skipIf(skip)('should make one transfer, whichever copy wins, and answer every copy with it', async () => {
    const protocol = await setup('FINALIZED', backend);
    const answers = await Promise.all(Array.from({ length: 20 }, () => protocol.request(allowedAgent, request({ consumerPid: 'urn:uuid:copies' }))));
    expect(new Set(answers.map((t) => t.id)).size).toBe(1);
    expect((await unit.stores.transfers.list({ offset: 0, limit: 100 })).items.map((t) => t.id)).toEqual([answers[0]?.id]);
  });
});
