import { describe, expect, it } from 'vitest';
import { type ConnectorError, FixedClock } from '../../core/index.js';
import { isFinal, isFlowing, mayStream, moveTransfer, wireState } from './move-transfer.js';
import type { TransferProcess, TransferRole, TransferType } from './transfer-process.js';
import { TRANSFER_STATES, type TransferState } from './transfer-state.js';

const clock = new FixedClock();
const at = (role: TransferRole, state: TransferState, fields: Partial<TransferProcess> = {}) =>
  ({ id: 't-1', role, state, transferType: 'HttpData-PULL', stateCount: 1, stateTimestamp: 0, nextAttemptAt: 0, pending: false, history: [], ...fields }) as TransferProcess;

describe('moveTransfer', () => {
  it("moves along the role's table and records the cause at the clock's time", () => {
    const next = moveTransfer(at('provider', 'STARTING', { stateCount: 4, errorDetail: 'x' }), 'STARTED', 'start sent', clock);
    expect(next).toMatchObject({ state: 'STARTED', stateCount: 1, stateTimestamp: clock.now(), history: [{ state: 'STARTED', at: clock.now(), cause: 'start sent' }] });
    expect(next).not.toHaveProperty('errorDetail');
  });

  it('a re-entry counts the attempt and adds no history', () => {
    expect(moveTransfer(at('consumer', 'REQUESTING', { stateCount: 2 }), 'REQUESTING', 'retry', clock)).toMatchObject({ stateCount: 3, history: [] });
  });

  it.each([
    ['consumer', 'REQUESTED', 'STARTING'],
    ['consumer', 'SUSPENDED', 'STARTING'],
    ['provider', 'SUSPENDED', 'RESUMING'],
    ['provider', 'REQUESTED', 'COMPLETED'],
    ['provider', 'COMPLETED', 'TERMINATED'],
  ] as const)('refuses a %s move from %s to %s (INVALID_TRANSITION)', (role, from, to) => {
    expect(() => moveTransfer(at(role, from), to, 'x', clock)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION', detail: `cannot move from ${from} to ${to}` }) as ConnectorError,
    );
  });

  it.each([
    ['consumer', 'RESUMING', undefined],
    ['consumer', 'STARTED', undefined],
    ['provider', 'STARTING', undefined],
    ['provider', 'STARTED', undefined],
    ['consumer', 'TERMINATING', 'paused'],
    ['provider', 'TERMINATED', 'paused'],
  ] as const)('leaving SUSPENDED: a %s moving to %s keeps terminationReason %s', (role, to, kept) => {
    const next = moveTransfer(at(role, 'SUSPENDED', { terminationReason: 'paused' }), to, 'x', clock);
    expect(next.terminationReason).toBe(kept);
  });

  /** (role, suspended by, to) → token epoch after the move, from 2 at the provider. */
  it.each([
    ['provider', 'provider', 'STARTING', 3],
    ['provider', 'provider', 'STARTED', 3],
    ['provider', 'provider', 'TERMINATING', 2],
    ['provider', 'consumer', 'STARTED', 2],
    ['provider', 'consumer', 'STARTING', 2],
    ['provider', 'consumer', 'TERMINATING', 2],
    ['consumer', 'consumer', 'RESUMING', undefined],
    ['consumer', 'provider', 'STARTED', undefined],
  ] as const)(
    'leaving SUSPENDED: a %s suspended by the %s moving to %s has token epoch %s (only a resume after the provider suspended kills older tokens)',
    (role, by, to, epoch) => {
      const next = moveTransfer(at(role, 'SUSPENDED', { suspendedBy: by, ...(role === 'provider' ? { tokenEpoch: 2 } : {}) }), to, 'x', clock);
      expect(next.tokenEpoch).toBe(epoch);
      expect(next).not.toHaveProperty('suspendedBy');
    },
  );

  it('leaving SUSPENDED at the provider, who suspended read from the history of a record without suspendedBy (unknown: raised)', () => {
    const h = (...states: TransferState[]) => states.map((state, i) => ({ state, at: i, cause: '' }));
    const resume = (history: TransferProcess['history']) => moveTransfer(at('provider', 'SUSPENDED', { tokenEpoch: 2, history }), 'STARTED', 'x', clock).tokenEpoch;
    expect(resume(h('STARTED', 'SUSPENDING', 'SUSPENDED'))).toBe(3);
    expect(resume(h('STARTED', 'SUSPENDED'))).toBe(2);
    expect(resume([])).toBe(3);
  });

  it('keeps who suspended while SUSPENDING and SUSPENDED, and the token epoch on a suspension', () => {
    const suspended = moveTransfer(at('provider', 'SUSPENDING', { suspendedBy: 'provider', tokenEpoch: 1 }), 'SUSPENDED', 'sent', clock);
    expect(suspended).toMatchObject({ suspendedBy: 'provider', tokenEpoch: 1 });
  });

  it('keeps the last 100 history entries', () => {
    const history = Array.from({ length: 120 }, (_, i) => ({ state: 'STARTED' as const, at: i, cause: `c${i}` }));
    const next = moveTransfer(at('consumer', 'STARTED', { history }), 'SUSPENDED', 'paused', clock);
    expect(next.history).toHaveLength(100);
    expect(next.history.at(-1)?.cause).toBe('paused');
  });
});

describe('what the peer sees and whether data flows', () => {
  it('wireState: a local -ING state shows as the last DSP state entered, REQUESTED before any', () => {
    expect(wireState(at('provider', 'SUSPENDED'))).toBe('SUSPENDED');
    expect(
      wireState(
        at('provider', 'COMPLETING', {
          history: [
            { state: 'REQUESTED', at: 0, cause: '' },
            { state: 'STARTED', at: 1, cause: '' },
            { state: 'COMPLETING', at: 2, cause: '' },
          ],
        }),
      ),
    ).toBe('STARTED');
    expect(wireState(at('consumer', 'REQUESTING'))).toBe('REQUESTED');
  });

  it('isFinal: COMPLETED and TERMINATED only', () => {
    expect(TRANSFER_STATES.filter((s) => isFinal(at('consumer', s)))).toEqual(['COMPLETED', 'TERMINATED']);
  });

  /** (role, type, state, pushed?) → isFlowing, mayStream. */
  const FLOW: [TransferRole, TransferType, TransferState, boolean, boolean, boolean][] = [
    ['provider', 'HttpData-PULL', 'STARTED', false, true, true],
    ['consumer', 'HttpData-PULL', 'STARTED', false, true, true],
    ['provider', 'HttpData-PULL', 'STARTING', false, false, true],
    ['consumer', 'HttpData-PULL', 'STARTING', false, false, false],
    ['provider', 'HttpData-PUSH', 'STARTING', false, false, false],
    ['provider', 'HttpData-PUSH', 'COMPLETING', false, true, true],
    ['provider', 'HttpData-PUSH', 'COMPLETING', true, false, false],
    ['provider', 'HttpData-PULL', 'COMPLETING', false, false, false],
    ['consumer', 'HttpData-PUSH', 'COMPLETING', false, false, false],
    ['provider', 'HttpData-PULL', 'SUSPENDED', false, false, false],
    ['provider', 'HttpData-PULL', 'TERMINATED', false, false, false],
  ];
  it.each(FLOW)('%s %s in %s (pushed: %s): flowing %s, may stream %s', (role, transferType, state, pushed, flowing, stream) => {
    const t = at(role, state, { transferType, ...(pushed ? { pushedAt: 1 } : {}) });
    expect([isFlowing(t), mayStream(t)]).toEqual([flowing, stream]);
  });
});
