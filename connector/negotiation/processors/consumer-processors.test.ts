import { afterEach, describe, expect, it } from 'vitest';
import { negotiationUnit, type NegotiationUnit } from '../../../test/helpers/negotiation-unit.js';

let unit: NegotiationUnit;
afterEach(async () => unit.close());
const provider = { role: 'consumer', providerPid: 'urn:uuid:provider-1' } as const;

describe('consumer negotiation processors (one tick each, fixed clock)', () => {
  it('REQUESTING: sends the ContractRequestMessage with our callback, takes the providerPid, and is REQUESTED', async () => {
    unit = await negotiationUnit();
    unit.peer.answer.body = { providerPid: 'urn:uuid:p-9' };
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTING' });
    expect(await unit.tick()).toBe(1);
    expect(unit.peer.received).toEqual([
      {
        path: 'negotiations/request',
        body: expect.objectContaining({ '@type': 'ContractRequestMessage', consumerPid: n.id, callbackAddress: unit.deps.dspBaseUrl, offer: n.offer }),
      },
    ]);
    const requested = await unit.get(n.id);
    expect(requested).toMatchObject({ state: 'REQUESTED', providerPid: 'urn:uuid:p-9', correlationId: 'urn:uuid:p-9' });
    expect(requested).not.toHaveProperty('messageOut'); // the mark belongs to the state it was made in
  });

  it('should save the messageOut mark before the message leaves', async () => {
    unit = await negotiationUnit();
    unit.peer.answer.body = { providerPid: 'urn:uuid:p-9' };
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTING' });
    const seen: unknown[] = [];
    unit.peer.during = async () => void seen.push(await unit.get(n.id).then((s) => [s.state, s.messageOut]));
    await unit.tick();
    expect(seen).toEqual([['REQUESTING', true]]);
  });

  it('REQUESTING: an acknowledgement without providerPid ends the negotiation (TERMINATED: the provider knows no process to tell)', async () => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTING' });
    await unit.tick();
    expect(await unit.get(n.id)).toMatchObject({
      state: 'TERMINATED',
      terminationReason: expect.stringMatching(/without a providerPid/),
      errorDetail: expect.stringMatching(/^PEER_REJECTED/),
    });
  });

  it("REQUESTING with a providerPid: sends the counter-offer to the provider's process and is REQUESTED", async () => {
    unit = await negotiationUnit();
    const n = await unit.seed({ ...provider, state: 'REQUESTING' });
    await unit.tick();
    expect(unit.peer.received).toEqual([
      {
        path: 'negotiations/urn%3Auuid%3Aprovider-1/request',
        body: expect.objectContaining({ '@type': 'ContractRequestMessage', providerPid: provider.providerPid, consumerPid: n.id }),
      },
    ]);
    expect(unit.peer.received[0]?.body).not.toHaveProperty('callbackAddress');
    expect((await unit.get(n.id)).state).toBe('REQUESTED');
  });

  it.each([
    ['ACCEPTING', 'events', 'ContractNegotiationEventMessage', 'ACCEPTED'],
    ['VERIFYING', 'agreement/verification', 'ContractAgreementVerificationMessage', 'VERIFIED'],
  ] as const)('%s: sends to …/%s (%s) and moves to %s', async (state, tail, type, next) => {
    unit = await negotiationUnit();
    const n = await unit.seed({ ...provider, state });
    await unit.tick();
    expect(unit.peer.received).toEqual([
      { path: `negotiations/urn%3Auuid%3Aprovider-1/${tail}`, body: expect.objectContaining({ '@type': type, providerPid: provider.providerPid, consumerPid: n.id }) },
    ]);
    expect(await unit.get(n.id)).toMatchObject({ state: next, history: [expect.objectContaining({ state: next })] });
  });

  it.each(['REQUESTING', 'ACCEPTING', 'VERIFYING'] as const)('%s: a refusal by the provider is final: TERMINATING with the reason', async (state) => {
    unit = await negotiationUnit();
    unit.peer.answer = { status: 400, body: { reason: ['no'] } };
    const n = await unit.seed({ ...provider, state });
    await unit.tick();
    expect(await unit.get(n.id)).toMatchObject({
      state: 'TERMINATING',
      terminationReason: expect.stringMatching(/answered 400/),
      errorDetail: expect.stringMatching(/^PEER_REJECTED/),
    });
  });

  it('should retry an unavailable provider after the back-off, not before, keeping the mark', async () => {
    unit = await negotiationUnit({ retryLimit: 2 });
    unit.peer.answer = { status: 503, body: {} };
    const n = await unit.seed({ ...provider, state: 'ACCEPTING' });
    await unit.tick();
    expect(await unit.get(n.id)).toMatchObject({
      state: 'ACCEPTING',
      stateCount: 2,
      nextAttemptAt: unit.clock.now() + 1,
      messageOut: true,
      errorDetail: expect.stringMatching(/^PEER_UNAVAILABLE/),
    });
    expect(await unit.tick()).toBe(0);
    unit.peer.answer = { status: 200, body: {} };
    unit.clock.advance(1);
    expect(await unit.tick()).toBe(1);
    expect((await unit.get(n.id)).state).toBe('ACCEPTED');
    expect(unit.peer.received).toHaveLength(2);
  });

  it('TERMINATING: tells the provider why and is TERMINATED; TERMINATED also when that cannot be delivered', async () => {
    unit = await negotiationUnit();
    const told = await unit.seed({ ...provider, state: 'TERMINATING', terminationReason: 'changed my mind' });
    await unit.tick();
    expect(unit.peer.received).toEqual([
      {
        path: 'negotiations/urn%3Auuid%3Aprovider-1/termination',
        body: expect.objectContaining({ '@type': 'ContractNegotiationTerminationMessage', consumerPid: told.id, reason: ['changed my mind'] }),
      },
    ]);
    expect((await unit.get(told.id)).state).toBe('TERMINATED');
    unit.peer.answer = { status: 400, body: {} };
    const untold = await unit.seed({ ...provider, state: 'TERMINATING' });
    await unit.tick();
    expect(await unit.get(untold.id)).toMatchObject({
      state: 'TERMINATED',
      history: expect.arrayContaining([expect.objectContaining({ cause: 'termination could not be delivered' })]),
    });
  });

  it('TERMINATING before the provider knew the process: TERMINATED without a message', async () => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'consumer', state: 'TERMINATING' });
    await unit.tick();
    expect(unit.peer.received).toEqual([]);
    expect((await unit.get(n.id)).state).toBe('TERMINATED');
  });
});
