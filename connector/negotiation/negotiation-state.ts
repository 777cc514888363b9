/**
 * Contract negotiation states. The DSP states are the `-ED` ones (and FINALIZED, TERMINATED); each
 * `-ING` state means "we owe the peer this message" and is local. INITIAL is the start.
 */
export const NEGOTIATION_STATES = [
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
  'FINALIZED',
  'TERMINATING',
  'TERMINATED',
] as const;
export type NegotiationState = (typeof NEGOTIATION_STATES)[number];

export const DSP_NEGOTIATION_STATES = ['REQUESTED', 'OFFERED', 'ACCEPTED', 'AGREED', 'VERIFIED', 'FINALIZED', 'TERMINATED'] as const;
export type DspNegotiationState = (typeof DSP_NEGOTIATION_STATES)[number];

/** The state the peer sees: a local `-ING` state shows as the DSP state we are still in. */
export function isDspNegotiationState(state: string): state is DspNegotiationState {
  return (DSP_NEGOTIATION_STATES as readonly string[]).includes(state);
}
