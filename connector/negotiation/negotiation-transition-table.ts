import type { TransitionTable } from '../statemachine/transition-table.js';
import type { NegotiationState } from './negotiation-state.js';

const ENDS = ['TERMINATING', 'TERMINATED'] as const;

/** The consumer's machine: it requests, accepts offers and verifies agreements. */
export const CONSUMER_NEGOTIATION_TRANSITIONS = {
  INITIAL: ['REQUESTING', 'OFFERED', 'TERMINATED'],
  REQUESTING: ['REQUESTED', ...ENDS],
  REQUESTED: ['OFFERED', 'AGREED', ...ENDS],
  OFFERING: [],
  OFFERED: ['REQUESTING', 'ACCEPTING', ...ENDS],
  ACCEPTING: ['ACCEPTED', ...ENDS],
  ACCEPTED: ['AGREED', ...ENDS],
  AGREEING: [],
  AGREED: ['VERIFYING', ...ENDS],
  VERIFYING: ['VERIFIED', ...ENDS],
  VERIFIED: ['FINALIZED', ...ENDS],
  FINALIZING: [],
  FINALIZED: [],
  TERMINATING: ['TERMINATED'],
  TERMINATED: [],
} as const satisfies TransitionTable<NegotiationState>;

/** The provider's machine: it offers, agrees and finalizes. */
export const PROVIDER_NEGOTIATION_TRANSITIONS = {
  INITIAL: ['REQUESTED', 'OFFERING', 'TERMINATED'],
  REQUESTING: [],
  REQUESTED: ['OFFERING', 'AGREEING', ...ENDS],
  OFFERING: ['OFFERED', ...ENDS],
  OFFERED: ['REQUESTED', 'ACCEPTED', ...ENDS],
  ACCEPTING: [],
  ACCEPTED: ['AGREEING', ...ENDS],
  AGREEING: ['AGREED', ...ENDS],
  AGREED: ['VERIFIED', ...ENDS],
  VERIFYING: [],
  VERIFIED: ['FINALIZING', ...ENDS],
  FINALIZING: ['FINALIZED', ...ENDS],
  FINALIZED: [],
  TERMINATING: ['TERMINATED'],
  TERMINATED: [],
} as const satisfies TransitionTable<NegotiationState>;
