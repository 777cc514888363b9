import { afterEach, describe, expect, it } from 'vitest';
import { negotiationUnit, type NegotiationUnit } from '../../../test/helpers/negotiation-unit.js';
import { silenceDueStore } from '../../statemachine/peer-silence.js';
import type { StateMachineLoop } from '../../statemachine/state-machine-loop.js';
import type { ContractNegotiation } from '../contract-negotiation.js';
import { createNegotiationLoop } from '../negotiation-manager.js';
import { negotiationSilence } from './silence-checks.js';

const SILENCE = 600_000;
const PROVIDER_PID = 'urn:uuid:provider-1';
const STATE_PATH = `negotiations/${encodeURIComponent(PROVIDER_PID)}`;
let unit: NegotiationUnit;
let loop: StateMachineLoop<ContractNegotiation>;
afterEach(async () => unit.close());

/** The unit with a loop that checks silent peers after `silenceMs`, its saves giving waiting states their due time (as the module wires it). */
async function silenceUnit(silenceMs = SILENCE): Promise<void> {
  unit = await negotiationUnit();
  unit.deps.store = silenceDueStore(unit.stores.negotiations, negotiationSilence(silenceMs));
  loop = createNegotiationLoop(unit.deps, { owner: 'silence', retry: { limit: 1, baseMs: 1, capMs: 1, random: () => 0 }, peerSilenceMs: silenceMs });
}

/** The peer acknowledges a request with PROVIDER_PID and answers the state read at `path` as told (a status alone: that status). */
function peerAnswers(path: string, state: string | number) {
  unit.peer.during = async (r) => {
    if (r.path !== path) unit.peer.answer = { status: 201, body: { '@type': 'ContractNegotiation', providerPid: PROVIDER_PID, consumerPid: 'c', state: 'REQUESTED' } };
    else if (state === 'bare 404') unit.peer.answer = { status: 404, body: {} };
    else if (typeof state === 'number') unit.peer.answer = { status: state, body: { '@type': 'ContractNegotiationError', code: String(state), reason: ['refused'] } };
    else unit.peer.answer = { status: 200, body: { '@type': 'ContractNegotiation', providerPid: PROVIDER_PID, consumerPid: 'c', state } };
  };
}

describe('a negotiation waiting for a silent peer', () => {
  it('is due one silence after it entered REQUESTED (in the save that moved it there), reads the provider once, and ends TERMINATED when the provider shows TERMINATED', async () => {
    await silenceUnit();
    peerAnswers(STATE_PATH, 'TERMINATED');
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTING' });
    await loop.tick();
    const requested = await unit.get(n.id);
    expect(requested).toMatchObject({ state: 'REQUESTED', providerPid: PROVIDER_PID, nextAttemptAt: requested.stateTimestamp + SILENCE });
    unit.clock.advance(SILENCE - 1);
    expect(await loop.tick()).toBe(0);
    unit.clock.advance(1);
    expect(await loop.tick()).toBe(1);
    expect(unit.peer.received.map((r) => r.path)).toEqual(['negotiations/request', STATE_PATH]);
    const ended = await unit.get(n.id);
    expect(ended).toMatchObject({ state: 'TERMINATED', terminationReason: expect.stringMatching(/has ended it: GET .* shows it TERMINATED$/) });
    expect(ended.history.at(-1)?.cause).toMatch(/^ended by the counterparty/);
  });

  it('ends TERMINATED when the provider answers 404 for the providerPid it gave', async () => {
    await silenceUnit();
    peerAnswers(STATE_PATH, 404);
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTED', providerPid: PROVIDER_PID, stateTimestamp: unit.clock.now() - SILENCE });
    await loop.tick();
    expect(await unit.get(n.id)).toMatchObject({ state: 'TERMINATED', terminationReason: expect.stringMatching(/knows no such process: GET .* answered 404$/) });
    expect(unit.peer.received.map((r) => r.path)).toEqual([STATE_PATH]);
  });

  it.each([
    ['the provider waits too (REQUESTED)', 'REQUESTED' as string | number],
    ['its agreement is on the way (AGREED)', 'AGREED'],
    ['unreachable (503)', 503],
    ['refusing (403)', 403],
    ['answering 404 without a DSP error body (a peer without the state read)', 'bare 404'],
  ])('stays REQUESTED when %s, reads no more within the next silence, and reads again after it', async (_what, answer) => {
    await silenceUnit();
    peerAnswers(STATE_PATH, answer);
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTED', providerPid: PROVIDER_PID, stateTimestamp: unit.clock.now() - SILENCE });
    await loop.tick();
    const after = await unit.get(n.id);
    expect(after).toMatchObject({ state: 'REQUESTED', stateTimestamp: n.stateTimestamp, stateCount: n.stateCount, nextAttemptAt: unit.clock.now() + SILENCE });
    unit.clock.advance(SILENCE - 1);
    expect(await loop.tick()).toBe(0);
    expect(unit.peer.received).toHaveLength(1);
    unit.clock.advance(1);
    peerAnswers(STATE_PATH, 'TERMINATED');
    await loop.tick();
    expect(unit.peer.received).toHaveLength(2);
    expect((await unit.get(n.id)).state).toBe('TERMINATED');
  });

  it('stays when the provider cannot be reached at all, and is checked again one silence later', async () => {
    await silenceUnit();
    const n = await unit.seed({
      role: 'consumer',
      state: 'REQUESTED',
      providerPid: PROVIDER_PID,
      counterPartyAddress: 'http://127.0.0.1:1/gone',
      stateTimestamp: unit.clock.now() - SILENCE,
    });
    await loop.tick();
    expect(await unit.get(n.id)).toMatchObject({ state: 'REQUESTED', nextAttemptAt: unit.clock.now() + SILENCE });
  });

  it.each([
    ['consumer', 'ACCEPTED'],
    ['consumer', 'VERIFIED'],
    ['provider', 'OFFERED'],
    ['provider', 'AGREED'],
  ] as const)('%s %s: waits out the silence first when saved without its due time, then ends with a peer that ended', async (role, state) => {
    await silenceUnit();
    const n = await unit.seed({ role, state, ...(role === 'consumer' ? { providerPid: PROVIDER_PID } : { consumerPid: 'urn:uuid:consumer-9' }) });
    peerAnswers(role === 'consumer' ? STATE_PATH : 'negotiations/urn%3Auuid%3Aconsumer-9', 'TERMINATED');
    await loop.tick();
    expect(await unit.get(n.id)).toMatchObject({ state, nextAttemptAt: n.stateTimestamp + SILENCE });
    expect(unit.peer.received).toHaveLength(0);
    unit.clock.advance(SILENCE);
    await loop.tick();
    expect((await unit.get(n.id)).state).toBe('TERMINATED');
  });

  it('is never checked with stateMachine.peerSilenceMs 0', async () => {
    await silenceUnit(0);
    peerAnswers(STATE_PATH, 'TERMINATED');
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTED', providerPid: PROVIDER_PID, stateTimestamp: unit.clock.now() - 100 * SILENCE });
    unit.clock.advance(SILENCE);
    expect(await loop.tick()).toBe(0);
    expect(unit.peer.received).toHaveLength(0);
    expect((await unit.get(n.id)).state).toBe('REQUESTED');
  });
});
