/** What every state-machine entity (negotiation, transfer) carries for persistence, retries and leases. */
export interface StatefulEntity<S extends string = string> {
  id: string;
  state: S;
  /** How many times in a row the entity entered its current state (retries re-enter). */
  stateCount: number;
  /** Epoch ms of the last state change. */
  stateTimestamp: number;
  /** Epoch ms before which the entity is not due (retry back-off). */
  nextAttemptAt: number;
  /** A pending entity waits for a manual step and is never claimed. */
  pending: boolean;
  errorDetail?: string;
  /** Peer-visible correlation id (e.g. the process id the counterparty knows us by). */
  correlationId?: string;
  counterPartyId?: string;
  /** Optimistic-lock version: 0 before the first save. */
  version: number;
  createdAt: number;
  updatedAt: number;
  /**
   * Records (audit entries, webhook events: connector/outbox) the store writes to the outbox with this save, in its
   * transaction, so the change and what records it commit together; never stored, never on a loaded entity.
   */
  outboxRecords?: readonly unknown[];
}
