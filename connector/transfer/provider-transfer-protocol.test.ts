import { afterEach, describe, expect, it } from 'vitest';
import { type ConnectorError, silentLogger } from '../../core/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { allowedAgent, CONSUMER, CONTRACT_POLICY, deniedAgent, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import { PULL_ADDRESS, transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import { TEST_PG_URL, type Backend } from '../../test/helpers/test-database.js';
import type { ContractNegotiation } from '../negotiation/contract-negotiation.js';
import type { NegotiationState } from '../negotiation/negotiation-state.js';
import { providerTransferProtocol } from './provider-transfer-protocol.js';
import { PURPOSE_KEY, TRAINING_PLAN_KEY } from './transfer-messages.js';
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
  unit.deps.policy = transferPolicy({
    agreements: unit.stores.agreements,
    engine: createPolicyEngine(),
    clock: unit.clock,
    logger: silentLogger,
    participantId: PROVIDER,
    uses: unit.stores.transferUses,
  });
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
    // One accepted transfer, one use of the agreement: the copy claims none.
    expect([first.useNumber, (await unit.get(first.id)).useNumber, await unit.stores.transferUses.count('a1')]).toEqual([1, 1, 1]);
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

  const destination = { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'http://127.0.0.1:9/in' };
  it.each([
    ['another agreement', { agreementId: 'a-other' }, /agreementId/],
    ['another format', { format: 'HttpData-PUSH', dataAddress: destination }, /format, dataAddress/],
    ['another callback address', { callbackAddress: 'http://127.0.0.1:9/cb' }, /callbackAddress/],
    ['another purpose', { [PURPOSE_KEY]: 'https://example.test/other' }, /purpose/],
  ])('should refuse a repeat with %s under the consumerPid of a transfer, naming what differs', async (_case, fields, named) => {
    const protocol = await setup();
    const first = await protocol.request(allowedAgent, request());
    const result = await refusal(protocol.request(allowedAgent, request(fields)));
    expect(result).toMatch(/^VALIDATION_FAILED: consumerPid 'urn:uuid:c-1' names an existing transfer process that was requested with another /);
    expect(result).toMatch(named);
    expect(await unit.get(first.id)).toMatchObject({ version: first.version, agreementId: 'a1', transferType: 'HttpData-PULL' });
  });

  it.each(['COMPLETED', 'TERMINATING', 'TERMINATED'] as const)('should refuse an exact copy once the transfer is %s (a new transfer needs a new pid)', async (state) => {
    const protocol = await setup();
    const first = await protocol.request(allowedAgent, request());
    await unit.stores.transfers.save({ ...(await unit.get(first.id)), state });
    expect(await refusal(protocol.request(allowedAgent, request()))).toMatch(new RegExp(`^INVALID_TRANSITION: .* is ${state}; a new transfer needs a new consumerPid`));
  });

  it.each([
    ['a destination on a pull', { dataAddress: destination }, /\/dataAddress: is only for HttpData-PUSH/],
    ['a training plan on a pull', { [TRAINING_PLAN_KEY]: '{}' }, /trainingPlan: is only for FederatedTraining/],
  ])('should refuse %s (it would be stored and never used)', async (_case, fields, reason) => {
    const protocol = await setup();
    expect(await refusal(protocol.request(allowedAgent, request(fields)))).toMatch(reason);
    expect((await unit.stores.transfers.list({ offset: 0, limit: 10 })).total).toBe(0);
  });

  it('should refuse a FederatedTraining request for an asset that is no training data set, before anything is stored', async () => {
    const protocol = await setup();
    const asked: string[] = [];
    unit.deps.findAssetType = async (id) => {
      asked.push(id);
      return 'HttpData';
    };
    expect(await refusal(protocol.request(allowedAgent, request({ format: 'FederatedTraining' })))).toMatch(
      /^VALIDATION_FAILED: \/format: FederatedTraining needs a training data set, and asset 'asset-1' is not one/,
    );
    expect(asked).toEqual(['asset-1']);
    expect((await unit.stores.transfers.list({ offset: 0, limit: 10 })).total).toBe(0);
    expect(await unit.stores.transferUses.count('a1')).toBe(0); // refused: no use taken
    unit.deps.findAssetType = async () => 'TrainingData';
    expect((await protocol.request(allowedAgent, request({ format: 'FederatedTraining' }))).state).toBe('STARTING');
  });

  it.each([
    [
      'an HttpData-PUSH for a training data set',
      'TrainingData',
      { format: 'HttpData-PUSH', dataAddress: destination },
      /'HttpData-PUSH' is not a format of dataset 'asset-1' \(its formats: FederatedTraining\)/,
    ],
    ['an HttpData-PULL for a training data set', 'TrainingData', {}, /'HttpData-PULL' is not a format of dataset 'asset-1' \(its formats: FederatedTraining\)/],
    ['an HttpData-PULL for an asset whose type no transfer serves', 'AmazonS3', {}, /'HttpData-PULL' is not a format of dataset 'asset-1' \(its formats: none\)/],
    ['an HttpData-PULL for an asset that no longer exists', undefined, {}, /'HttpData-PULL' is not a format of dataset 'asset-1' \(its formats: none\)/],
  ])('should refuse %s, naming /format, before anything is stored', async (_case, type, fields, reason) => {
    const protocol = await setup();
    unit.deps.findAssetType = async () => type;
    const refused = await refusal(protocol.request(allowedAgent, request(fields)));
    expect(refused).toMatch(/^VALIDATION_FAILED: \/format: /);
    expect(refused).toMatch(reason);
    expect((await unit.stores.transfers.list({ offset: 0, limit: 10 })).total).toBe(0);
    expect(await unit.stores.transferUses.count('a1')).toBe(0);
  });

  it.each(['HttpData', 'File'])('should accept both a pull and a push of a %s asset, as its catalog advertises', async (type) => {
    const protocol = await setup();
    unit.deps.findAssetType = async () => type;
    expect((await protocol.request(allowedAgent, request({ consumerPid: 'urn:uuid:c-pull' }))).state).toBe('STARTING');
    expect((await protocol.request(allowedAgent, request({ consumerPid: 'urn:uuid:c-push', format: 'HttpData-PUSH', dataAddress: destination }))).state).toBe('STARTING');
  });

  it('should refuse a request while the negotiation is not finalized', async () => {
    const protocol = await setup('AGREED');
    expect(await refusal(protocol.request(allowedAgent, request()))).toMatch(/^VALIDATION_FAILED: the negotiation of agreement 'a1' is not finalized/);
    expect(await unit.stores.transferUses.count('a1')).toBe(0);
  });
});

describe('provider transfer protocol, resume (TransferStartMessage)', () => {
  const suspended = async (agent: typeof allowedAgent) => {
    const protocol = await setup();
    await unit.stores.agreements.save({ ...(await unit.stores.agreements.getById('a1')), id: 'a2', policy: CONTRACT_POLICY });
    const t = await unit.seed({ role: 'provider', state: 'SUSPENDED', agreementId: 'a2', agent, consumerPid: 'urn:uuid:c-r' });
    const start = { '@context': CTX, '@type': 'TransferStartMessage', providerPid: t.id, consumerPid: t.consumerPid };
    return { protocol, t, start };
  };

  it('should evaluate the policy against the claims verified now, not those stored with the request', async () => {
    const { protocol, t, start } = await suspended(allowedAgent);
    expect(await refusal(protocol.start(t, deniedAgent, start))).toMatch(/^POLICY_DENIED: /);
    expect((await unit.get(t.id)).state).toBe('SUSPENDED');
  });

  it('should store the claims it resumed with, for the data plane’s later checks', async () => {
    const { protocol, t, start } = await suspended(deniedAgent);
    const after = await protocol.start(t, allowedAgent, start);
    expect(after.state).toBe('STARTED');
    expect((await unit.get(t.id)).agent).toEqual(allowedAgent);
  });

  it("should lift the consumer's own suspension in the same token epoch (it gets no new data address: the token it holds keeps working)", async () => {
    const { protocol, t, start } = await suspended(allowedAgent);
    const theirs = await unit.stores.transfers.save({ ...t, suspendedBy: 'consumer', tokenEpoch: 2 });
    expect(await protocol.start(theirs, allowedAgent, start)).toMatchObject({ state: 'STARTED', tokenEpoch: 2 });
    expect(await unit.get(t.id)).toMatchObject({ state: 'STARTED', tokenEpoch: 2 });
    expect(await unit.get(t.id)).not.toHaveProperty('suspendedBy');
  });

  it('should refuse to let the consumer lift a suspension the provider set (INVALID_TRANSITION), changing nothing', async () => {
    const { protocol, t, start } = await suspended(allowedAgent);
    const ours = await unit.stores.transfers.save({ ...t, suspendedBy: 'provider' });
    expect(await refusal(protocol.start(ours, allowedAgent, start))).toMatch(/^INVALID_TRANSITION: the provider suspended this transfer/);
    expect(await unit.get(t.id)).toMatchObject({ state: 'SUSPENDED', version: ours.version, suspendedBy: 'provider' });
  });

  it('should refuse a dataAddress in the consumer’s start, naming it: only the provider announces one', async () => {
    const { protocol, t, start } = await suspended(allowedAgent);
    const dataAddress = { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'https://consumer.test/in' };
    const refused = await protocol.start(t, allowedAgent, { ...start, dataAddress }).catch((e: unknown) => e as ConnectorError);
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', violations: [{ pointer: '/dataAddress' }] });
    expect((await unit.get(t.id)).version).toBe(t.version);
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
    expect([answers[0]?.useNumber, await unit.stores.transferUses.count('a1')]).toEqual([1, 1]);
  });

  it.skipIf(skip)('should accept exactly one of two different requests arriving at once under a count of one use', async () => {
    const protocol = await setup('FINALIZED', backend);
    const once = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'count', operator: 'lteq', rightOperand: 1 }] }] };
    await unit.stores.agreements.save({ ...(await unit.stores.agreements.getById('a1')), id: 'a-once', policy: once });
    const settled = await Promise.allSettled(
      ['urn:uuid:one', 'urn:uuid:two'].map((consumerPid) => protocol.request(allowedAgent, request({ consumerPid, agreementId: 'a-once' }))),
    );
    expect(settled.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = settled.flatMap((r) => (r.status === 'rejected' ? [(r.reason as ConnectorError).detail] : []));
    expect(refused).toEqual([expect.stringMatching(/count lteq 1 does not hold/)]);
    expect((await unit.stores.transfers.list({ offset: 0, limit: 100 })).total).toBe(1);
    expect(await unit.stores.transferUses.count('a-once')).toBe(1);
  });

  it.skipIf(skip)('should refuse a different request that races exact copies under the same pid, whichever wins', async () => {
    const protocol = await setup('FINALIZED', backend);
    const copies = Array.from({ length: 10 }, (_, i) =>
      protocol.request(allowedAgent, request({ consumerPid: 'urn:uuid:race', ...(i === 5 ? { [PURPOSE_KEY]: 'https://example.test/other' } : {}) })),
    );
    const settled = await Promise.allSettled(copies);
    const refused = settled.flatMap((r) => (r.status === 'rejected' ? [(r.reason as ConnectorError).detail ?? ''] : []));
    expect(refused.length === 1 || refused.length === 9).toBe(true);
    for (const detail of refused) expect(detail).toMatch(/requested with another purpose/);
    expect((await unit.stores.transfers.list({ offset: 0, limit: 100 })).total).toBe(1);
  });
});
