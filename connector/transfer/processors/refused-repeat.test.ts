import { afterEach, describe, expect, it } from 'vitest';
import type { RecordingPeer } from '../../../test/helpers/recording-peer.js';
import { transferUnit, type TransferUnit } from '../../../test/helpers/transfer-unit.js';

let unit: TransferUnit;
afterEach(async () => unit.close());

/** A peer that moved on: it refuses every message (a repeat) with 400 and answers its state read at `statePath` with `state` (404 when undefined). */
function movedOn(peer: RecordingPeer, statePath: string, state: string | undefined) {
  peer.during = async (r) => {
    if (r.path !== statePath) peer.answer = { status: 400, body: { '@type': 'TransferError', code: '400', reason: ['cannot move a COMPLETED transfer to COMPLETED'] } };
    else if (state === undefined) peer.answer = { status: 404, body: {} };
    else peer.answer = { status: 200, body: { '@type': 'TransferProcess', providerPid: 'p', consumerPid: 'c', state } };
  };
}

describe('a refused repeat of a transfer message the peer had taken (we died after sending, before saving)', () => {
  it.each([
    ['COMPLETED', 'COMPLETED'],
    ['dspace:COMPLETED', 'COMPLETED'],
    ['STARTED', 'TERMINATING'],
    ['TERMINATED', 'TERMINATING'],
    [undefined, 'TERMINATING'],
  ])('provider COMPLETING a push (data pushed), consumer read as %s: %s', async (peerState, next) => {
    unit = await transferUnit();
    const t = await unit.seed({ role: 'provider', state: 'COMPLETING', transferType: 'HttpData-PUSH', pushedAt: 1 });
    const statePath = `transfers/${encodeURIComponent(t.consumerPid)}`;
    movedOn(unit.peer, statePath, peerState);
    await unit.tick();
    expect(unit.peer.received.map((r) => r.path)).toEqual([`${statePath}/completion`, statePath]);
    const after = await unit.get(t.id);
    expect(after.state).toBe(next);
    if (next === 'TERMINATING') expect(after).toMatchObject({ terminationReason: expect.stringMatching(/answered 400/), errorDetail: expect.stringMatching(/^PEER_REJECTED/) });
  });

  it.each([
    ['STARTED', 'STARTED'],
    ['REQUESTED', 'TERMINATING'],
  ])('provider STARTING (pull), consumer read as %s: %s', async (peerState, next) => {
    unit = await transferUnit();
    const t = await unit.seed({ role: 'provider', state: 'STARTING' });
    movedOn(unit.peer, `transfers/${encodeURIComponent(t.consumerPid)}`, peerState);
    await unit.tick();
    expect((await unit.get(t.id)).state).toBe(next);
  });

  it.each([
    ['SUSPENDING', 'SUSPENDED', 'SUSPENDED'],
    ['SUSPENDING', 'STARTED', 'TERMINATING'],
    ['COMPLETING', 'COMPLETED', 'COMPLETED'],
  ] as const)('consumer %s, provider read as %s: %s', async (state, peerState, next) => {
    unit = await transferUnit();
    const t = await unit.seed({ role: 'consumer', providerPid: 'urn:uuid:provider-1', state });
    movedOn(unit.peer, 'transfers/urn%3Auuid%3Aprovider-1', peerState);
    await unit.tick();
    expect(unit.peer.received.at(-1)?.path).toBe('transfers/urn%3Auuid%3Aprovider-1');
    expect((await unit.get(t.id)).state).toBe(next);
  });
});
