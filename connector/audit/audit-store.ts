import type { AuditEntry } from './audit-entry.js';

/**
 * Persistence for the hash chain. Implementations must make `append` atomic: read the head and
 * insert `build(head)` as one step, with a unique `seq`, retrying when another writer won the race,
 * so concurrent appends never fork the chain. There is deliberately no update or delete.
 */
export interface AuditStore {
  append(build: (head: AuditEntry | undefined) => AuditEntry): Promise<AuditEntry>;
  head(): Promise<AuditEntry | undefined>;
  /** Entries with seq ≥ fromSeq, in seq order, at most `limit`. */
  range(fromSeq: number, limit: number): Promise<AuditEntry[]>;
  /** One entry by its sequence number. */
  get(seq: number): Promise<AuditEntry | undefined>;
  /** Newest first is not offered: entries come in seq order, optionally of one agreement. */
  list(query: { agreementId?: string | undefined; offset: number; limit: number }): Promise<{ items: AuditEntry[]; total: number }>;
}
