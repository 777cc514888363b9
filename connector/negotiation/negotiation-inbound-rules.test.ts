import { describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import type { ContractNegotiation, NegotiationRole } from './contract-negotiation.js';
import { checkInbound, inboundVerdict, type InboundNegotiationMessage } from './negotiation-inbound-rules.js';
import { NEGOTIATION_STATES, type NegotiationState } from './negotiation-state.js';

const at = (role: NegotiationRole, state: NegotiationState, fields: Partial<ContractNegotiation> = {}) => ({ role, state, pending: false, ...fields }) as ContractNegotiation;

/** (role, message) → the states where it is valid, and the `-ING` states where it overtakes ours once ours is out. */
const TABLE: [NegotiationRole, InboundNegotiationMessage, NegotiationState[], NegotiationState[]][] = [
  ['provider', 'counter-request', ['OFFERED'], ['OFFERING']],
  ['provider', 'accepted', ['OFFERED'], ['OFFERING']],
  ['provider', 'verification', ['AGREED'], ['AGREEING']],
  ['consumer', 'offer', ['REQUESTED'], ['REQUESTING']],
  ['consumer', 'agreement', ['REQUESTED', 'ACCEPTED'], ['REQUESTING', 'ACCEPTING']],
  ['consumer', 'finalized', ['VERIFIED'], ['VERIFYING']],
  ['provider', 'termination', NEGOTIATION_STATES.filter((s) => s !== 'FINALIZED' && s !== 'TERMINATED'), []],
  ['consumer', 'termination', NEGOTIATION_STATES.filter((s) => s !== 'FINALIZED' && s !== 'TERMINATED'), []],
  // Messages the role never receives: invalid everywhere.
  ['provider', 'offer', [], []],
  ['provider', 'agreement', [], []],
  ['provider', 'finalized', [], []],
  ['consumer', 'counter-request', [], []],
  ['consumer', 'accepted', [], []],
  ['consumer', 'verification', [], []],
];

describe('inbound negotiation rules (DSP 2025-1, contract negotiation state machine)', () => {
  describe.each(TABLE)('%s receives %s', (role, message, valid, overtakes) => {
    it.each(NEGOTIATION_STATES.map((s) => [s]))('in %s', (state) => {
      const expected = valid.includes(state) ? 'valid' : 'invalid';
      expect(inboundVerdict(at(role, state), message)).toBe(expected);
      const out = overtakes.includes(state) ? 'overtaking' : expected;
      expect(inboundVerdict(at(role, state, { messageOut: true }), message)).toBe(out);
    });
  });

  it('refuses every message but a termination while the negotiation waits for the operator', () => {
    expect(inboundVerdict(at('provider', 'OFFERED', { pending: true }), 'accepted')).toBe('invalid');
    expect(inboundVerdict(at('consumer', 'REQUESTED', { pending: true }), 'agreement')).toBe('invalid');
    expect(inboundVerdict(at('provider', 'REQUESTED', { pending: true }), 'termination')).toBe('valid');
  });

  it('checkInbound: INVALID_TRANSITION naming the message, the state and the wait; otherwise the verdict', () => {
    const refusal = (n: ContractNegotiation, m: InboundNegotiationMessage) => {
      try {
        return checkInbound(n, m);
      } catch (error) {
        return `${(error as ConnectorError).code}: ${(error as ConnectorError).detail}`;
      }
    };
    expect(refusal(at('provider', 'FINALIZED'), 'termination')).toBe('INVALID_TRANSITION: a termination message is not valid while this negotiation is FINALIZED');
    expect(refusal(at('provider', 'OFFERED', { pending: true }), 'accepted')).toBe(
      'INVALID_TRANSITION: a accepted message is not valid while this negotiation is OFFERED (waiting for the operator)',
    );
    expect(refusal(at('consumer', 'VERIFYING', { messageOut: true }), 'finalized')).toBe('overtaking');
    expect(refusal(at('consumer', 'VERIFIED'), 'finalized')).toBe('valid');
  });
});
