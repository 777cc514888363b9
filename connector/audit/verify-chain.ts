import { entryHash, GENESIS_HASH, type AuditEntry } from './audit-entry.js';

export type ChainProblemKind = 'edited' | 'missing' | 'out-of-order' | 'broken-link' | 'outside-chain';

export interface ChainProblem {
  /** The first sequence number at which the chain no longer holds. */
  readonly seq: number;
  readonly kind: ChainProblemKind;
  readonly detail: string;
}

/**
 * Walks the chain in pages and stops at the first problem:
 * - `edited`: the entry's content no longer hashes to its `hash`;
 * - `missing`: a sequence number is skipped (an entry was deleted);
 * - `out-of-order`: sequence numbers repeat or go backwards;
 * - `broken-link`: `prevHash` is not the previous entry's hash (the previous entry was replaced
 *   together with its hash, or entries were swapped).
 * - `outside-chain` (`outsideChain`, after the walk): rows whose seq is not a whole number ≥ 1, which the walk does not
 *   read (inserted by hand beside the chain); its seq is 0, its detail names theirs.
 * A chain cannot show that its *tail* was cut off: compare the head with a signed checkpoint for that.
 */
export class ChainVerifier {
  #expectedSeq = 1;
  #lastHash = GENESIS_HASH;
  #checked = 0;
  #problem: ChainProblem | undefined;

  /** Feeds the next entries in seq order; returns false once a problem was found. */
  feed(entries: readonly AuditEntry[]): boolean {
    for (const entry of entries) {
      if (this.#problem) return false;
      this.#problem = this.#check(entry);
      if (this.#problem) return false;
      this.#expectedSeq = entry.seq + 1;
      this.#lastHash = entry.hash;
      this.#checked++;
    }
    return this.#problem === undefined;
  }

  get result(): { ok: boolean; checked: number; headSeq: number; headHash: string; problem?: ChainProblem } {
    const base = { ok: this.#problem === undefined, checked: this.#checked, headSeq: this.#expectedSeq - 1, headHash: this.#lastHash };
    return this.#problem ? { ...base, problem: this.#problem } : base;
  }

  #check(entry: AuditEntry): ChainProblem | undefined {
    const expected = this.#expectedSeq;
    if (entry.seq > expected) return { seq: expected, kind: 'missing', detail: `entries ${expected}…${entry.seq - 1} are missing` };
    if (entry.seq < expected) return { seq: entry.seq, kind: 'out-of-order', detail: `entry ${entry.seq} follows entry ${expected - 1}` };
    const { hash, ...rest } = entry;
    if (entryHash(rest) !== hash) return { seq: entry.seq, kind: 'edited', detail: `entry ${entry.seq} does not hash to its recorded hash` };
    if (entry.prevHash !== this.#lastHash) {
      return { seq: entry.seq, kind: 'broken-link', detail: `entry ${entry.seq} does not link to entry ${expected - 1} (that entry was replaced, or entries were reordered)` };
    }
    return undefined;
  }
}

/** Verifies a whole list at once (in memory). */
export function verifyChain(entries: readonly AuditEntry[]): ChainVerifier['result'] {
  const verifier = new ChainVerifier();
  verifier.feed(entries);
  return verifier.result;
}

/** The problem of `count` rows outside the chain (`seqs`: the first few, as the store renders them); undefined for none. */
export function outsideChain(outside: { count: number; seqs: readonly string[] }): ChainProblem | undefined {
  if (outside.count === 0) return undefined;
  const more = outside.count > outside.seqs.length ? `, and ${outside.count - outside.seqs.length} more` : '';
  const rows = outside.count === 1 ? '1 row lies' : `${outside.count} rows lie`;
  return {
    seq: 0,
    kind: 'outside-chain',
    detail: `${rows} outside the chain, with seq ${outside.seqs.join(', ')}${more} (the chain holds seq 1 on; such rows were inserted beside it)`,
  };
}
