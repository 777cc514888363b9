import { ConnectorError } from '../../core/index.js';
import type { ContractNegotiation, NegotiationRole } from './contract-negotiation.js';
import type { NegotiationState } from './negotiation-state.js';

/** The DSP messages a negotiation receives, named by what they mean. */
export type InboundNegotiationMessage = 'counter-request' | 'accepted' | 'verification' | 'offer' | 'agreement' | 'finalized' | 'termination';

interface InboundRule {
  /** The local states in which the message is a valid transition. */
  accept: readonly NegotiationState[];
  /** The `-ING` states in which it overtakes our own message: valid only once ours is out (`messageOut`). */
  overtakes: readonly NegotiationState[];
}

const LIVE: readonly NegotiationState[] = [
  'INITIAL',
  'REQUESTING',
  'REQUESTED',
  'OFFERING',
  'OFFERED',
  'ACCEPTING',
  'ACCEPTED',
  'AGREEING',
  'AGREED',
  'VERIFYING',
  'VERIFIED',
  'FINALIZING',
  'TERMINATING',
];
const termination: InboundRule = { accept: LIVE, overtakes: [] };

/**
 * DSP 2025-1 contract negotiation transitions (contract negotiation protocol, states and state machine,
 * https://eclipse-dataspace-protocol-base.github.io/DataspaceProtocol/2025-1/), per role, as the receiver checks them.
 * Anything not listed is an invalid transition (400), repeats included: the DSP defines no idempotent repeats
 * after the initial request.
 */
export const NEGOTIATION_INBOUND_RULES: Readonly<Record<NegotiationRole, Partial<Record<InboundNegotiationMessage, InboundRule>>>> = {
  provider: {
    'counter-request': { accept: ['OFFERED'], overtakes: ['OFFERING'] },
    accepted: { accept: ['OFFERED'], overtakes: ['OFFERING'] },
    verification: { accept: ['AGREED'], overtakes: ['AGREEING'] },
    termination,
  },
  consumer: {
    offer: { accept: ['REQUESTED'], overtakes: ['REQUESTING'] },
    agreement: { accept: ['REQUESTED', 'ACCEPTED'], overtakes: ['REQUESTING', 'ACCEPTING'] },
    finalized: { accept: ['VERIFIED'], overtakes: ['VERIFYING'] },
    termination,
  },
};

/** Whether `message` may be applied to `n` now: 'valid', 'overtaking' (ours is out; count ours as acknowledged). */
export function inboundVerdict(n: ContractNegotiation, message: InboundNegotiationMessage): 'valid' | 'overtaking' | 'invalid' {
  const rule = NEGOTIATION_INBOUND_RULES[n.role][message];
  if (!rule) return 'invalid';
  if (rule.accept.includes(n.state)) return n.pending && message !== 'termination' ? 'invalid' : 'valid';
  if (rule.overtakes.includes(n.state) && n.messageOut === true) return 'overtaking';
  return 'invalid';
}

/** Throws INVALID_TRANSITION (DSP 400) unless the message is valid now; returns whether it overtakes ours. */
export function checkInbound(n: ContractNegotiation, message: InboundNegotiationMessage): 'valid' | 'overtaking' {
  const verdict = inboundVerdict(n, message);
  if (verdict === 'invalid')
    throw new ConnectorError('INVALID_TRANSITION', {
      detail: `a ${message} message is not valid while this negotiation is ${n.state}${n.pending ? ' (waiting for the operator)' : ''}`,
    });
  return verdict;
}
