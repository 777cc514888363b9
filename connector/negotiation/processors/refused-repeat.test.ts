import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { negotiationUnit, OFFER, type NegotiationUnit } from '../../../test/helpers/negotiation-unit.js';
import type { RecordingPeer } from '../../../test/helpers/recording-peer.js';

let unit: NegotiationUnit;
afterEach(async () => unit.close());
const grant = { path: 'automatic', at: 0, offer: OFFER };
const atProvider = { role: 'consumer', providerPid: 'urn:uuid:provider-1' } as const;

/** A peer that moved on: it refuses every message (a repeat) with 400 and answers its state read at `statePath` with `state` (404 when undefined). */
function movedOn(peer: RecordingPeer, statePath: string, state: string | undefined, refusal = 400) {
  peer.during = async (r) => {
    if (r.path !== statePath) peer.answer = { status: refusal, body: { '@type': 'ContractNegotiationError', code: String(refusal), reason: ['not valid in this state'] } };
    else if (state === undefined) peer.answer = { status: 404, body: {} };
    else peer.answer = { status: 200, body: { '@type': 'ContractNegotiation', providerPid: 'p', consumerPid: 'c', state } };
  };
}

describe('a refused repeat of a message the peer had taken (we died after sending, before saving)', () => {
  it.each([
    ['FINALIZED', 'FINALIZED'],
    ['dspace:FINALIZED', 'FINALIZED'],
    ['VERIFIED', 'TERMINATING'],
    ['TERMINATED', 'TERMINATING'],
    [undefined, 'TERMINATING'],
  ])('provider FINALIZING, consumer read as %s: %s', async (peerState, next) => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'provider', state: 'FINALIZING', consumerPid: 'urn:uuid:consumer-1' });
    movedOn(unit.peer, 'negotiations/urn%3Auuid%3Aconsumer-1', peerState);
    await unit.tick();
    expect(unit.peer.received.map((r) => r.path)).toEqual(['negotiations/urn%3Auuid%3Aconsumer-1/events', 'negotiations/urn%3Auuid%3Aconsumer-1']);
    const after = await unit.get(n.id);
    expect(after.state).toBe(next);
    if (next === 'TERMINATING') expect(after).toMatchObject({ terminationReason: expect.stringMatching(/answered 400/), errorDetail: expect.stringMatching(/^PEER_REJECTED/) });
  });

  it.each([
    ['AGREED', 'AGREED'],
    ['VERIFIED', 'AGREED'],
    ['REQUESTED', 'TERMINATING'],
  ])('provider AGREEING, consumer read as %s: %s (the agreement stays active when delivered)', async (peerState, next) => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'provider', state: 'AGREEING', consumerPid: 'urn:uuid:consumer-1', agreementGrant: grant });
    movedOn(unit.peer, 'negotiations/urn%3Auuid%3Aconsumer-1', peerState);
    await unit.tick();
    const after = await unit.get(n.id);
    expect(after.state).toBe(next);
    if (next === 'AGREED') expect(await unit.stores.agreements.findById(after.agreementId ?? '')).toMatchObject({ status: 'active' });
  });

  it.each([
    ['VERIFYING', 'https://w3id.org/dspace/v0.8/VERIFIED', 'VERIFIED'],
    ['VERIFYING', 'FINALIZED', 'VERIFIED'],
    ['VERIFYING', 'AGREED', 'TERMINATING'],
    ['ACCEPTING', 'ACCEPTED', 'ACCEPTED'],
    ['ACCEPTING', 'OFFERED', 'TERMINATING'],
  ] as const)('consumer %s, provider read as %s: %s', async (state, peerState, next) => {
    unit = await negotiationUnit();
    const n = await unit.seed({ ...atProvider, state });
    movedOn(unit.peer, 'negotiations/urn%3Auuid%3Aprovider-1', peerState);
    await unit.tick();
    expect(unit.peer.received.at(-1)?.path).toBe('negotiations/urn%3Auuid%3Aprovider-1');
    expect((await unit.get(n.id)).state).toBe(next);
  });

  it.each([401, 403])('a %i refusal is no state refusal: no state read, TERMINATING as before', async (status) => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'provider', state: 'FINALIZING', consumerPid: 'urn:uuid:consumer-1' });
    movedOn(unit.peer, 'negotiations/urn%3Auuid%3Aconsumer-1', 'FINALIZED', status);
    await unit.tick();
    expect(unit.peer.received).toHaveLength(1);
    expect((await unit.get(n.id)).state).toBe('TERMINATING');
  });

  it('logs the reconciliation at info with the process, the message and the peer state', async () => {
    const lines: [Record<string, unknown>, string][] = [];
    const logger = { ...silentLogger, info: (o: object | string, m?: string) => void lines.push([o as Record<string, unknown>, m ?? '']) };
    unit = await negotiationUnit({ overrides: { logger } });
    const n = await unit.seed({ role: 'provider', state: 'FINALIZING', consumerPid: 'urn:uuid:consumer-1' });
    movedOn(unit.peer, 'negotiations/urn%3Auuid%3Aconsumer-1', 'FINALIZED');
    await unit.tick();
    expect(lines).toContainEqual([
      expect.objectContaining({ negotiationId: n.id, message: 'ContractNegotiationEventMessage:FINALIZED', peerState: 'FINALIZED' }),
      expect.stringMatching(/taken already/),
    ]);
  });
});
