import { afterEach, describe, expect, it } from 'vitest';
import { PULL_ADDRESS, transferUnit, type TransferUnit } from '../../../test/helpers/transfer-unit.js';

let unit: TransferUnit;
afterEach(async () => unit.close());
const atProvider = { role: 'consumer', providerPid: 'urn:uuid:provider-1' } as const;
const providerPath = (tail: string) => `transfers/urn%3Auuid%3Aprovider-1/${tail}`;
const consumerPath = (tail: string) => `transfers/urn%3Auuid%3Aconsumer-1/${tail}`;

describe('transfer processors (one tick each, fixed clock)', () => {
  it('REQUESTING: sends the TransferRequestMessage with our callback and purpose, takes the providerPid, and is REQUESTED', async () => {
    unit = await transferUnit();
    unit.peer.answer.body = { providerPid: 'urn:uuid:p-9' };
    const t = await unit.seed({ role: 'consumer', state: 'REQUESTING', purpose: 'study' });
    await unit.tick();
    expect(unit.peer.received).toEqual([
      {
        path: 'transfers/request',
        body: expect.objectContaining({
          '@type': 'TransferRequestMessage',
          consumerPid: t.id,
          agreementId: t.agreementId,
          format: 'HttpData-PULL',
          callbackAddress: unit.deps.dspBaseUrl,
        }),
      },
    ]);
    expect(await unit.get(t.id)).toMatchObject({ state: 'REQUESTED', providerPid: 'urn:uuid:p-9', correlationId: 'urn:uuid:p-9' });
  });

  it('REQUESTING: an acknowledgement without providerPid, or a refusal, ends it at once (TERMINATED: the provider knows no process)', async () => {
    unit = await transferUnit();
    const unnamed = await unit.seed({ role: 'consumer', state: 'REQUESTING' });
    await unit.tick();
    expect(await unit.get(unnamed.id)).toMatchObject({ state: 'TERMINATED', terminationReason: expect.stringMatching(/without a providerPid/) });
    unit.peer.answer = { status: 400, body: {} };
    const refused = await unit.seed({ role: 'consumer', state: 'REQUESTING' });
    await unit.tick();
    expect(await unit.get(refused.id)).toMatchObject({ state: 'TERMINATED', errorDetail: expect.stringMatching(/^PEER_REJECTED/) });
  });

  it('STARTING (pull): sends the TransferStartMessage with a data address from the data plane, and is STARTED', async () => {
    unit = await transferUnit();
    const t = await unit.seed({ role: 'provider', state: 'STARTING' });
    await unit.tick();
    expect(unit.peer.received).toEqual([
      { path: consumerPath('start'), body: expect.objectContaining({ '@type': 'TransferStartMessage', providerPid: t.id, consumerPid: t.consumerPid, dataAddress: PULL_ADDRESS }) },
    ]);
    expect((await unit.get(t.id)).state).toBe('STARTED');
  });

  it('STARTING (push): announces the start without a data address, pushes, then sends the completion', async () => {
    unit = await transferUnit();
    const t = await unit.seed({ role: 'provider', state: 'STARTING', transferType: 'HttpData-PUSH' });
    await unit.tick();
    expect(unit.peer.received[0]?.body).not.toHaveProperty('dataAddress');
    expect((await unit.get(t.id)).state).toBe('COMPLETING');
    await unit.tick();
    expect(unit.pushed).toEqual([t.id]);
    expect(await unit.get(t.id)).toMatchObject({ state: 'COMPLETING', pushedAt: unit.clock.now() });
    await unit.tick();
    expect(unit.pushed).toHaveLength(1);
    expect(unit.peer.received.map((r) => r.path)).toEqual([consumerPath('start'), consumerPath('completion')]);
    expect((await unit.get(t.id)).state).toBe('COMPLETED');
  });

  it.each([
    ['SUSPENDING', 'suspension', 'TransferSuspensionMessage', 'SUSPENDED'],
    ['RESUMING', 'start', 'TransferStartMessage', 'STARTED'],
    ['COMPLETING', 'completion', 'TransferCompletionMessage', 'COMPLETED'],
    ['TERMINATING', 'termination', 'TransferTerminationMessage', 'TERMINATED'],
  ] as const)("%s (consumer): sends to the provider's …/%s (%s) and is %s", async (state, tail, type, next) => {
    unit = await transferUnit();
    const t = await unit.seed({ ...atProvider, state, terminationReason: 'why' });
    await unit.tick();
    expect(unit.peer.received).toEqual([{ path: providerPath(tail), body: expect.objectContaining({ '@type': type, providerPid: atProvider.providerPid, consumerPid: t.id }) }]);
    expect((await unit.get(t.id)).state).toBe(next);
  });

  it.each(['STARTING', 'SUSPENDING', 'COMPLETING'] as const)('%s (provider): a refusal by the consumer is final: TERMINATING with the reason', async (state) => {
    unit = await transferUnit();
    unit.peer.answer = { status: 409, body: {} };
    const t = await unit.seed({ role: 'provider', state });
    await unit.tick();
    expect(await unit.get(t.id)).toMatchObject({
      state: 'TERMINATING',
      terminationReason: expect.stringMatching(/answered 409/),
      errorDetail: expect.stringMatching(/^PEER_REJECTED/),
    });
  });

  it('should retry an unavailable peer after the back-off, not before', async () => {
    unit = await transferUnit({ retryLimit: 2 });
    unit.peer.answer = { status: 503, body: {} };
    const t = await unit.seed({ ...atProvider, state: 'COMPLETING' });
    await unit.tick();
    expect(await unit.get(t.id)).toMatchObject({
      state: 'COMPLETING',
      stateCount: 2,
      nextAttemptAt: unit.clock.now() + 1,
      errorDetail: expect.stringMatching(/^PEER_UNAVAILABLE/),
    });
    expect(await unit.tick()).toBe(0);
    unit.peer.answer = { status: 200, body: {} };
    unit.clock.advance(1);
    await unit.tick();
    expect((await unit.get(t.id)).state).toBe('COMPLETED');
  });

  it('TERMINATING: TERMINATED without a message when the provider never knew the process, and when it cannot be told', async () => {
    unit = await transferUnit();
    const unknown = await unit.seed({ role: 'consumer', state: 'TERMINATING' });
    await unit.tick();
    expect(unit.peer.received).toEqual([]);
    expect((await unit.get(unknown.id)).state).toBe('TERMINATED');
    unit.peer.answer = { status: 400, body: {} };
    const untold = await unit.seed({ ...atProvider, state: 'TERMINATING' });
    await unit.tick();
    expect(await unit.get(untold.id)).toMatchObject({
      state: 'TERMINATED',
      history: expect.arrayContaining([expect.objectContaining({ cause: 'termination could not be delivered' })]),
    });
  });
});
