import type { AuditInput } from '../../../audit/index.js';
import type { DbTransaction } from '../../database.js';
import type { WebhookEvent } from '../../../webhooks/index.js';
import { OUTBOX_TABLE } from './state-change.js';

/** The outbox kind of rows that hold finished records (not a state change the relay turns into its records). */
export const RECORDS_KIND = 'records';

/** What one change leaves for the operator: its audit entry and, for subscribers, a webhook event. */
export interface OutboxRecord {
  audit: AuditInput;
  webhook?: { event: WebhookEvent; payload: Record<string, unknown> };
}

/**
 * Adds records to the outbox inside the transaction that makes the change they record (a suspension, a policy
 * decision, an escalation), so the change and its records commit, or fail, together; the relay appends them.
 */
export async function writeRecords(trx: DbTransaction, records: readonly OutboxRecord[], now: number): Promise<void> {
  if (records.length === 0) return;
  await trx
    .insertInto(OUTBOX_TABLE)
    .values({ kind: RECORDS_KIND, entity_id: records[0]?.audit.agreementId ?? '', body: JSON.stringify({ records }), created_at: now })
    .execute();
}

/** The records of a row written by `writeRecords`; a body that no longer parses is a fault of the database. */
export function recordsOfRow(row: Record<string, unknown>): OutboxRecord[] {
  try {
    const { records } = JSON.parse(String(row.body)) as { records?: unknown };
    if (Array.isArray(records)) return records as OutboxRecord[];
  } catch {
    // reported below
  }
  throw new Error(`outbox row ${String(row.id)} does not hold readable records`);
}
