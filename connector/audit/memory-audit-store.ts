import type { AuditEntry, AuditHead } from './audit-entry.js';
import type { AuditAppend, AuditFilter, AuditStore } from './audit-store.js';

/** In memory, for tests and single-process tools. `entries` is exposed so tests can tamper with it. */
export class MemoryAuditStore implements AuditStore {
  readonly entries: AuditEntry[] = [];
  /** The subject of each entry by seq (kept beside the entries, as the SQL store keeps it in its own column). */
  private readonly subjects = new Map<number, string>();

  async append(build: (head: AuditHead | undefined) => AuditEntry, subject?: string): Promise<AuditEntry> {
    const [entry] = await this.appendAll([{ build, subject }]);
    return entry as AuditEntry;
  }

  async appendAll(appends: readonly AuditAppend[]): Promise<AuditEntry[]> {
    // Built first, pushed after: synchronous between read and push (no interleaving), and a build that throws stores none.
    const built: AuditEntry[] = [];
    for (const { build } of appends) built.push(build(built.at(-1) ?? this.entries.at(-1)));
    for (const [i, entry] of built.entries()) {
      this.entries.push(entry);
      const subject = appends[i]?.subject;
      if (subject !== undefined) this.subjects.set(entry.seq, subject);
    }
    return built;
  }

  async select(filter: AuditFilter, page: { afterSeq: number; limit: number }): Promise<AuditEntry[]> {
    return this.entries
      .filter(
        (e) =>
          e.seq > page.afterSeq &&
          (filter.subject === undefined || this.subjects.get(e.seq) === filter.subject) &&
          (filter.agreementId === undefined || e.agreementId === filter.agreementId) &&
          (filter.types === undefined || filter.types.includes(e.type)),
      )
      .slice(0, page.limit);
  }

  async head(): Promise<AuditEntry | undefined> {
    return this.entries.at(-1);
  }

  async range(fromSeq: number, limit: number): Promise<AuditEntry[]> {
    return this.entries.filter((e) => e.seq >= fromSeq).slice(0, limit);
  }

  async outsideChain(limit: number): Promise<{ count: number; seqs: string[] }> {
    const outside = this.entries.filter((e) => !inChain(e));
    return { count: outside.length, seqs: outside.slice(0, limit).map((e) => String(e.seq)) };
  }

  async get(seq: number): Promise<AuditEntry | undefined> {
    return this.entries.find((e) => e.seq === seq);
  }

  async list(query: { agreementId?: string | undefined; offset: number; limit: number }): Promise<{ items: AuditEntry[]; total: number }> {
    const matching = this.entries.filter((e) => inChain(e) && (query.agreementId === undefined || e.agreementId === query.agreementId));
    return { items: matching.slice(query.offset, query.offset + query.limit), total: matching.length };
  }
}

/** Whether the chain can hold the entry (a test may tamper one in that it cannot). */
const inChain = (e: AuditEntry) => Number.isInteger(e.seq) && e.seq >= 1;
