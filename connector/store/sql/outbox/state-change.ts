import type { DbTransaction } from '../../database.js';
import type { QueryTemplates } from '../../query-templates.js';

/** The outbox table (migration 0014). */
export const OUTBOX_TABLE = 'state_change_outbox';

/**
 * One state change as the outbox keeps it until the relay has turned it into its audit entry and webhook deliveries:
 * the fields of the `…stateChanged` event, and of the saved entity the fields those records read (CHANGE_ENTITY_FIELDS).
 */
export interface StateChange {
  kind: string;
  id: string;
  role: string;
  from: string | null;
  to: string;
  at: number;
  entity: Record<string, unknown>;
}

/**
 * The fields of a saved entity that its state change's records read: negotiation-audit.ts and transfer-audit.ts (the
 * webhook payload is the event without the entity). The rest of the entity (offers, policies, credentials: kilobytes)
 * stays out of the outbox; a test in connector/state-change-records.test.ts holds the records to these fields.
 */
export const CHANGE_ENTITY_FIELDS = ['counterPartyId', 'agreementId', 'terminationReason', 'transferType'] as const;

/** The part of an entity its state change keeps (CHANGE_ENTITY_FIELDS that it has). */
export function changeEntity(entity: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const field of CHANGE_ENTITY_FIELDS) if (entity[field] !== undefined) kept[field] = entity[field];
  return kept;
}

/** Adds the change to the outbox inside the transaction that saves it, so the two commit (or fail) together. */
export async function writeStateChange(trx: DbTransaction, change: StateChange, now: number, queries: QueryTemplates): Promise<void> {
  const values = { kind: change.kind, entity_id: change.id, body: JSON.stringify({ ...change, entity: changeEntity(change.entity) }), created_at: now };
  await queries.run(
    trx,
    'outbox insert',
    (p) => trx.insertInto(OUTBOX_TABLE).values({ kind: p('kind'), entity_id: p('entity_id'), body: p('body'), created_at: p('created_at') }),
    values,
  );
}

/** A row read back; a body that no longer parses is a fault of the database, reported by its id. */
export function stateChangeOf(row: Record<string, unknown>): StateChange {
  try {
    return JSON.parse(String(row.body)) as StateChange;
  } catch {
    throw new Error(`outbox row ${String(row.id)} does not hold a readable state change`);
  }
}
