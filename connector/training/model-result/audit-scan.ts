import type { AuditEntry, AuditLog } from '../../audit/index.js';

/** Every audit entry (of one agreement, if given) that `keep` accepts, in seq order; pages through the log. */
export async function scanAudit(audit: AuditLog, keep: (e: AuditEntry) => boolean, agreementId?: string): Promise<AuditEntry[]> {
  const found: AuditEntry[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await audit.query({ agreementId, offset, limit: 1000 });
    found.push(...page.items.filter(keep));
    if (offset + 1000 >= page.total || page.items.length === 0) return found;
  }
}

/** The data of an entry as an object (audit data is JSON). */
export const dataOf = (e: AuditEntry): Record<string, unknown> => (typeof e.data === 'object' && e.data !== null && !Array.isArray(e.data) ? (e.data as Record<string, unknown>) : {});
