import type { AuditEntry } from './audit-entry.js';
import type { AuditStore } from './audit-store.js';

/** In memory, for tests and single-process tools. `entries` is exposed so tests can tamper with it. */
export class MemoryAuditStore implements AuditStore {
  readonly entries: AuditEntry[] = [];

  async append(build: (head: AuditEntry | undefined) => AuditEntry): Promise<AuditEntry> {
    const entry = build(this.entries.at(-1)); // synchronous between read and push: no interleaving
    this.entries.push(entry);
    return entry;
  }

  async head(): Promise<AuditEntry | undefined> {
    return this.entries.at(-1);
  }

  async range(fromSeq: number, limit: number): Promise<AuditEntry[]> {
    return this.entries.filter((e) => e.seq >= fromSeq).slice(0, limit);
  }

  async get(seq: number): Promise<AuditEntry | undefined> {
    return this.entries.find((e) => e.seq === seq);
  }

  async list(query: { agreementId?: string | undefined; offset: number; limit: number }): Promise<{ items: AuditEntry[]; total: number }> {
    const matching = query.agreementId === undefined ? this.entries : this.entries.filter((e) => e.agreementId === query.agreementId);
    return { items: matching.slice(query.offset, query.offset + query.limit), total: matching.length };
  }
}
