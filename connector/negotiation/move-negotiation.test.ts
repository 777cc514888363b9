import { describe, expect, it } from 'vitest';
import { type ConnectorError, FixedClock } from '../../core/index.js';
import type { ContractNegotiation, NegotiationRole } from './contract-negotiation.js';
import { isFinal, moveNegotiation, wireState } from './move-negotiation.js';
import { NEGOTIATION_STATES, type NegotiationState } from './negotiation-state.js';

const clock = new FixedClock();
const at = (role: NegotiationRole, state: NegotiationState, fields: Partial<ContractNegotiation> = {}) =>
  ({ id: 'n-1', role, state, stateCount: 1, stateTimestamp: 0, nextAttemptAt: 0, pending: false, history: [], ...fields }) as ContractNegotiation;

describe('moveNegotiation', () => {
  it("moves along the role's table, records the cause at the clock's time and clears the sent mark and the last error", () => {
    const next = moveNegotiation(at('provider', 'OFFERING', { messageOut: true, errorDetail: 'peer down', stateCount: 3 }), 'OFFERED', 'offer sent', clock);
    expect(next).toMatchObject({
      state: 'OFFERED',
      stateCount: 1,
      stateTimestamp: clock.now(),
      nextAttemptAt: clock.now(),
      history: [{ state: 'OFFERED', at: clock.now(), cause: 'offer sent' }],
    });
    expect(next).not.toHaveProperty('messageOut');
    expect(next).not.toHaveProperty('errorDetail');
  });

  it('a re-entry counts the attempt, keeps the mark and adds no history', () => {
    const next = moveNegotiation(at('provider', 'OFFERING', { messageOut: true, stateCount: 2 }), 'OFFERING', 'retry', clock);
    expect(next).toMatchObject({ state: 'OFFERING', stateCount: 3, messageOut: true, history: [] });
  });

  it.each([
    ['consumer', 'REQUESTED', 'AGREEING'],
    ['consumer', 'INITIAL', 'OFFERING'],
    ['provider', 'REQUESTED', 'ACCEPTING'],
    ['provider', 'FINALIZED', 'TERMINATED'],
    ['provider', 'TERMINATED', 'REQUESTED'],
  ] as const)('refuses a %s move from %s to %s (INVALID_TRANSITION)', (role, from, to) => {
    expect(() => moveNegotiation(at(role, from), to, 'x', clock)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION', detail: `cannot move from ${from} to ${to}` }) as ConnectorError,
    );
  });

  it('keeps the last 100 history entries', () => {
    const history = Array.from({ length: 100 }, (_, i) => ({ state: 'OFFERED' as const, at: i, cause: `c${i}` }));
    const next = moveNegotiation(at('provider', 'OFFERED', { history }), 'ACCEPTED', 'accepted', clock);
    expect(next.history).toHaveLength(100);
    expect(next.history[0]?.cause).toBe('c1');
    expect(next.history.at(-1)?.cause).toBe('accepted');
  });
});

describe('wireState and isFinal', () => {
  it('shows a DSP state as it is, and a local -ING state as the last DSP state entered', () => {
    expect(wireState(at('provider', 'AGREED'))).toBe('AGREED');
    expect(
      wireState(
        at('provider', 'FINALIZING', {
          history: [
            { state: 'REQUESTED', at: 0, cause: '' },
            { state: 'VERIFIED', at: 1, cause: '' },
            { state: 'FINALIZING', at: 2, cause: '' },
          ],
        }),
      ),
    ).toBe('VERIFIED');
  });

  it('without a DSP state in the history: REQUESTED for the consumer, OFFERED for the provider', () => {
    expect(wireState(at('consumer', 'REQUESTING'))).toBe('REQUESTED');
    expect(wireState(at('provider', 'OFFERING'))).toBe('OFFERED');
  });

  it('only FINALIZED and TERMINATED are final', () => {
    expect(NEGOTIATION_STATES.filter((s) => isFinal(at('provider', s)))).toEqual(['FINALIZED', 'TERMINATED']);
  });
});
