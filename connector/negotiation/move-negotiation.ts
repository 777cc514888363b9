import type { Clock } from '../../core/index.js';
import { applyTransition } from '../statemachine/transition-table.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import { isDspNegotiationState, type DspNegotiationState, type NegotiationState } from './negotiation-state.js';
import { CONSUMER_NEGOTIATION_TRANSITIONS, PROVIDER_NEGOTIATION_TRANSITIONS } from './negotiation-transition-table.js';

/** Applies a transition from the role's table and records it in the history (at most 100 entries kept). */
export function moveNegotiation(n: ContractNegotiation, to: NegotiationState, cause: string, clock: Clock): ContractNegotiation {
  const table = n.role === 'consumer' ? CONSUMER_NEGOTIATION_TRANSITIONS : PROVIDER_NEGOTIATION_TRANSITIONS;
  const next = applyTransition(table, n, to, clock);
  if (n.state === to) return next;
  const { messageOut: _out, ...moved } = next;
  return { ...moved, history: [...n.history, { state: to, at: clock.now(), cause }].slice(-100) };
}

/** The state the peer sees: a local `-ING` state shows as the last DSP state entered. */
export function wireState(n: ContractNegotiation): DspNegotiationState {
  if (isDspNegotiationState(n.state)) return n.state;
  for (let i = n.history.length - 1; i >= 0; i--) {
    const s = n.history[i]?.state;
    if (s && isDspNegotiationState(s)) return s;
  }
  return n.role === 'consumer' ? 'REQUESTED' : 'OFFERED';
}

export function isFinal(n: ContractNegotiation): boolean {
  return n.state === 'FINALIZED' || n.state === 'TERMINATED';
}
