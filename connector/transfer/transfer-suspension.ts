import type { TransferProcess, TransferRole } from './transfer-process.js';

const other = (role: TransferRole): TransferRole => (role === 'provider' ? 'consumer' : 'provider');

/**
 * Which side suspended a SUSPENDING or SUSPENDED transfer (undefined in any other state, or when unknown).
 * `suspendedBy` records it; a record saved before it existed is read from its history: only a suspension of our own
 * passes through SUSPENDING (the management API), a peer's arrives as SUSPENDED directly.
 */
export function suspender(t: TransferProcess): TransferRole | undefined {
  if (t.state !== 'SUSPENDING' && t.state !== 'SUSPENDED') return undefined;
  if (t.suspendedBy) return t.suspendedBy;
  if (t.state === 'SUSPENDING') return t.role;
  if (t.history.at(-1)?.state !== 'SUSPENDED') return undefined;
  return t.history.at(-2)?.state === 'SUSPENDING' ? t.role : other(t.role);
}

/**
 * Who suspended once a peer's TransferSuspensionMessage lands: the peer, unless the provider had suspended already
 * (both suspending at once): a provider's suspension is never turned into one the consumer may lift.
 */
export function suspendedByOnPeerMessage(cur: TransferProcess): TransferRole {
  return suspender(cur) === 'provider' || cur.role === 'consumer' ? 'provider' : 'consumer';
}
