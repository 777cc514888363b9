import type { AuditEntry, AuditLog } from '../../audit/index.js';

/** The `deletion` entries of these agreements, in seq order: one indexed read per agreement (its own history only). */
export async function deletionEntries(audit: AuditLog, agreementIds: Iterable<string>): Promise<AuditEntry[]> {
  const pages = await Promise.all([...new Set(agreementIds)].map((agreementId) => audit.select({ agreementId, types: ['deletion'] })));
  return pages.flat().sort((a, b) => a.seq - b.seq);
}

/**
 * What the model card reads of the coordinator's log: the training's own `training.round` and `model.use` entries (by
 * subject, the training id) and the `deletion` entries of its agreements, in seq order. Indexed reads only, so the cost
 * follows this training's history, not the log's size.
 */
export async function trainingEntries(audit: AuditLog, trainingId: string, agreementIds: Iterable<string>): Promise<AuditEntry[]> {
  const own = await audit.select({ subject: trainingId, types: ['training.round', 'model.use'] });
  return [...own, ...(await deletionEntries(audit, agreementIds))].sort((a, b) => a.seq - b.seq);
}

/** The data of an entry as an object (audit data is JSON). */
export const dataOf = (e: AuditEntry): Record<string, unknown> =>
  typeof e.data === 'object' && e.data !== null && !Array.isArray(e.data) ? (e.data as Record<string, unknown>) : {};
