import { afterEach, describe, expect, it } from 'vitest';
import { transferUnit, type TransferUnit } from '../../../test/helpers/transfer-unit.js';
import { silenceDueStore } from '../../statemachine/peer-silence.js';
import type { StateMachineLoop } from '../../statemachine/state-machine-loop.js';
import { createTransferLoop } from '../transfer-manager.js';
import type { TransferProcess } from '../transfer-process.js';
import { transferSilence } from './silence-check.js';

const SILENCE = 600_000;
const PROVIDER_PID = 'urn:uuid:provider-1';
const STATE_PATH = `transfers/${encodeURIComponent(PROVIDER_PID)}`;
let unit: TransferUnit;
let loop: StateMachineLoop<TransferProcess>;
afterEach(async () => unit.close());

async function silenceUnit(silenceMs = SILENCE): Promise<void> {
  unit = await transferUnit();
  unit.deps.store = silenceDueStore(unit.stores.transfers, transferSilence(silenceMs));
  loop = createTransferLoop(unit.deps, { owner: 'silence', retry: { limit: 1, baseMs: 1, capMs: 1, random: () => 0 }, peerSilenceMs: silenceMs });
}

/** The provider acknowledges a request with PROVIDER_PID and answers the state read as told (a status alone: that status). */
function providerAnswers(state: string | number) {
  unit.peer.during = async (r) => {
    if (r.path !== STATE_PATH) unit.peer.answer = { status: 201, body: { '@type': 'TransferProcess', providerPid: PROVIDER_PID, consumerPid: 'c', state: 'REQUESTED' } };
    else if (state === 'bare 404') unit.peer.answer = { status: 404, body: {} };
    else if (typeof state === 'number') unit.peer.answer = { status: state, body: { '@type': 'TransferError', code: String(state), reason: ['refused'] } };
    else unit.peer.answer = { status: 200, body: { '@type': 'TransferProcess', providerPid: PROVIDER_PID, consumerPid: 'c', state } };
  };
}

describe('a consumer transfer in REQUESTED with a silent provider', () => {
  it.each([
    ['TERMINATED', /has ended it: GET .* shows it TERMINATED$/],
    [404, /knows no such process: GET .* answered 404$/],
  ] as const)('reads the provider one silence after REQUESTED began and ends TERMINATED when it answers %s', async (answer, reason) => {
    await silenceUnit();
    providerAnswers(answer);
    const t = await unit.seed({ role: 'consumer', state: 'REQUESTING' });
    await loop.tick();
    const requested = await unit.get(t.id);
    expect(requested).toMatchObject({ state: 'REQUESTED', nextAttemptAt: requested.stateTimestamp + SILENCE });
    unit.clock.advance(SILENCE - 1);
    expect(await loop.tick()).toBe(0);
    unit.clock.advance(1);
    await loop.tick();
    expect(unit.peer.received.map((r) => r.path)).toEqual(['transfers/request', STATE_PATH]);
    expect(await unit.get(t.id)).toMatchObject({ state: 'TERMINATED', terminationReason: expect.stringMatching(reason) });
  });

  it.each([['REQUESTED' as string | number], [503], ['bare 404']])('stays REQUESTED when the provider answers %s, and reads again one silence later', async (answer) => {
    await silenceUnit();
    providerAnswers(answer);
    const t = await unit.seed({ role: 'consumer', state: 'REQUESTED', providerPid: PROVIDER_PID, stateTimestamp: unit.clock.now() - SILENCE });
    await loop.tick();
    expect(await unit.get(t.id)).toMatchObject({ state: 'REQUESTED', nextAttemptAt: unit.clock.now() + SILENCE });
    expect(await loop.tick()).toBe(0);
    unit.clock.advance(SILENCE);
    await loop.tick();
    expect(unit.peer.received).toHaveLength(2);
  });

  it('is never checked with stateMachine.peerSilenceMs 0', async () => {
    await silenceUnit(0);
    providerAnswers('TERMINATED');
    const t = await unit.seed({ role: 'consumer', state: 'REQUESTED', providerPid: PROVIDER_PID, stateTimestamp: unit.clock.now() - 100 * SILENCE });
    expect(await loop.tick()).toBe(0);
    expect((await unit.get(t.id)).state).toBe('REQUESTED');
  });
});
