import type { Clock } from '../../core/index.js';
import { applyTransition } from '../statemachine/transition-table.js';
import type { TransferProcess } from './transfer-process.js';
import { DSP_TRANSFER_STATES, TRANSFER_FINAL_STATES, type DspTransferState, type TransferState } from './transfer-state.js';
import { suspender } from './transfer-suspension.js';
import { CONSUMER_TRANSFER_TRANSITIONS, PROVIDER_TRANSFER_TRANSITIONS } from './transfer-transition-table.js';

/**
 * Applies a transition from the role's table and records it in the history (at most 100 entries kept). Leaving the
 * suspension states drops who suspended. Leaving SUSPENDED other than to an end (a resume) drops the suspension's
 * reason (`terminationReason` holds the reason of a suspension only while suspended, and of a termination after
 * it) and, at the provider, raises the token epoch when the provider had suspended (or who did is unknown): every
 * data token issued before the provider's suspension stops working; its resume sends a fresh one (the start message's
 * data address). The consumer's own suspension keeps the epoch: its resume brings it no new data address, so the
 * token it holds from before must still open the data (an EDC-style consumer keeps its EDR).
 */
export function moveTransfer(t: TransferProcess, to: TransferState, cause: string, clock: Clock): TransferProcess {
  const table = t.role === 'consumer' ? CONSUMER_TRANSFER_TRANSITIONS : PROVIDER_TRANSFER_TRANSITIONS;
  const next = applyTransition(table, t, to, clock);
  if (t.state === to) return next;
  const { suspendedBy, ...moved } = { ...next, history: [...t.history, { state: to, at: clock.now(), cause }].slice(-100) };
  if (to === 'SUSPENDING' || to === 'SUSPENDED') return { ...moved, ...(suspendedBy ? { suspendedBy } : {}) };
  if (t.state !== 'SUSPENDED' || to === 'TERMINATING' || to === 'TERMINATED') return moved;
  const { terminationReason: _suspendedFor, ...resumed } = moved;
  return t.role === 'provider' && suspender(t) !== 'consumer' ? { ...resumed, tokenEpoch: (t.tokenEpoch ?? 0) + 1 } : resumed;
}

const isDsp = (s: string): s is DspTransferState => (DSP_TRANSFER_STATES as readonly string[]).includes(s);

/** The state the peer sees: a local `-ING` state shows as the last DSP state entered. */
export function wireState(t: TransferProcess): DspTransferState {
  if (isDsp(t.state)) return t.state;
  for (let i = t.history.length - 1; i >= 0; i--) {
    const s = t.history[i]?.state;
    if (s && isDsp(s)) return s;
  }
  return 'REQUESTED';
}

export function isFinal(t: TransferProcess): boolean {
  return TRANSFER_FINAL_STATES.includes(t.state);
}

/** Whether data may flow now: a started transfer, or a push being delivered (COMPLETING). */
export function isFlowing(t: TransferProcess): boolean {
  return t.state === 'STARTED' || (t.state === 'COMPLETING' && t.role === 'provider' && t.transferType === 'HttpData-PUSH' && t.pushedAt === undefined);
}

/**
 * Whether a pull with a verified data token may stream now: while flowing, and while the provider is STARTING (the
 * token exists only once the provider decided to start, and the consumer may see STARTED before our save lands).
 */
export function mayStream(t: TransferProcess): boolean {
  return isFlowing(t) || (t.role === 'provider' && t.state === 'STARTING' && t.transferType === 'HttpData-PULL');
}
