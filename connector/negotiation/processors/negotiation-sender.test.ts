import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../../core/index.js';
import { negotiationUnit, type NegotiationUnit } from '../../../test/helpers/negotiation-unit.js';
import { StepFailed } from '../../statemachine/state-machine-loop.js';
import { pids, sendMarked, sendToPeer } from './negotiation-sender.js';

let unit: NegotiationUnit;
afterEach(async () => unit.close());
const message = { '@type': 'ContractNegotiationEventMessage', eventType: 'ACCEPTED' };

describe('negotiation sender', () => {
  it("sendToPeer: POSTs the message under the peer's base with our token for it, and returns its answer", async () => {
    const asked: string[] = [];
    unit = await negotiationUnit();
    unit.deps.auth = {
      ...unit.deps.auth,
      tokenFor: async (id: string) => {
        asked.push(id);
        return 'token-for-peer';
      },
    };
    unit.peer.answer = { status: 200, body: { '@type': 'ContractNegotiation', state: 'ACCEPTED' } };
    const n = await unit.seed({ role: 'consumer', state: 'ACCEPTING' });
    expect(await sendToPeer(unit.deps, n, 'negotiations/p-1/events', message)).toEqual({ '@type': 'ContractNegotiation', state: 'ACCEPTED' });
    expect(unit.peer.received).toEqual([{ path: 'negotiations/p-1/events', body: message }]);
    expect(asked).toEqual([n.counterPartyId]);
  });

  it('sendMarked: saves the mark before the message leaves, then returns the marked record and the reply', async () => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'consumer', state: 'ACCEPTING' });
    unit.peer.during = async () => expect(await unit.get(n.id)).toMatchObject({ messageOut: true, version: n.version + 1 });
    const { marked, reply } = await sendMarked(unit.deps, n, 'negotiations/p-1/events', message);
    expect(marked).toMatchObject({ messageOut: true, version: n.version + 1 });
    expect(reply).toEqual({});
    expect(unit.peer.received).toHaveLength(1);
  });

  it('sendMarked: a record already marked is sent as it is (no second save)', async () => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'consumer', state: 'ACCEPTING', messageOut: true });
    expect((await sendMarked(unit.deps, n, 'x', message)).marked).toBe(n);
    expect((await unit.get(n.id)).version).toBe(n.version);
  });

  it.each([
    [503, 'PEER_UNAVAILABLE', true],
    [404, 'PEER_UNAVAILABLE', true],
    [400, 'PEER_REJECTED', false],
  ] as const)('sendMarked: a peer answering %i fails the step as %s (retryable: %s), carrying the marked record for the loop to save', async (status, code, retryable) => {
    unit = await negotiationUnit();
    unit.peer.answer = { status, body: { reason: ['no'] } };
    const n = await unit.seed({ role: 'consumer', state: 'ACCEPTING' });
    const failure = await sendMarked(unit.deps, n, 'x', message).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(StepFailed);
    const { failure: cause, latest } = failure as StepFailed<typeof n>;
    expect(cause as ConnectorError).toMatchObject({ code, retryable });
    expect(latest).toMatchObject({ id: n.id, messageOut: true });
  });

  it("pids: the provider's pid may be unknown yet (empty)", () => {
    expect(pids({ consumerPid: 'c-1' } as never)).toEqual({ providerPid: '', consumerPid: 'c-1' });
    expect(pids({ consumerPid: 'c-1', providerPid: 'p-1' } as never)).toEqual({ providerPid: 'p-1', consumerPid: 'c-1' });
  });
});
