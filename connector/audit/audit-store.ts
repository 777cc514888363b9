import type { AuditEntry, AuditEventType, AuditHead } from './audit-entry.js';

/** Which entries `select` reads: about one subject and/or of one agreement, optionally only of some types. */
export interface AuditFilter {
  subject?: string | undefined;
  agreementId?: string | undefined;
  types?: readonly AuditEventType[] | undefined;
}

/** One entry to append: built from the head it links to; `subject` as for `AuditStore.append`. */
export interface AuditAppend {
  build: (head: AuditHead | undefined) => AuditEntry;
  subject?: string | undefined;
}

/**
 * Persistence for the hash chain. Only entries with seq a whole number ≥ 1 belong to the chain. Implementations must make `append` atomic: read the head and
 * insert `build(head)` as one step, with a unique `seq`, retrying when another writer won the race,
 * so concurrent appends never fork the chain. There is deliberately no update or delete.
 * `subject` (AuditInput.subject) is kept beside the entry for `select`; it is not part of the entry nor of its hash.
 */
export interface AuditStore {
  append(build: (head: AuditHead | undefined) => AuditEntry, subject?: string): Promise<AuditEntry>;
  /**
   * Several entries as one atomic step, in order: each links to the one before it (the first to the head), and either
   * all are stored or none. One transaction instead of one per entry.
   */
  appendAll(appends: readonly AuditAppend[]): Promise<AuditEntry[]>;
  head(): Promise<AuditEntry | undefined>;
  /** Entries with seq ≥ fromSeq, in seq order, at most `limit`. */
  range(fromSeq: number, limit: number): Promise<AuditEntry[]>;
  /**
   * Rows the chain cannot hold: a seq that is not a whole number ≥ 1 (NULL, text, a fraction, 0 or less; inserted around
   * the chain by hand, since no writer of Kontor makes one). How many, and the seq of the first `limit` as the database
   * holds it (`NULL`, `-7`, `'abc'`). Every other read (head, range, list, select) leaves such rows out.
   */
  outsideChain(limit: number): Promise<{ count: number; seqs: string[] }>;
  /** One entry by its sequence number. */
  get(seq: number): Promise<AuditEntry | undefined>;
  /** Newest first is not offered: entries come in seq order, optionally of one agreement. */
  list(query: { agreementId?: string | undefined; offset: number; limit: number }): Promise<{ items: AuditEntry[]; total: number }>;
  /**
   * Entries matching `filter` with seq > afterSeq, in seq order, at most `limit`: an indexed read (by subject, else by
   * agreement), so its cost follows the matching entries, not the size of the log. Page on with the last seq.
   */
  select(filter: AuditFilter, page: { afterSeq: number; limit: number }): Promise<AuditEntry[]>;
}
