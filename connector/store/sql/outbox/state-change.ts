import type { DbTransaction } from '../../database.js';

/** The outbox table (migration 0014). */
export const OUTBOX_TABLE = 'state_change_outbox';

/**
 * One state change as the outbox keeps it until the relay has turned it into its audit entry and webhook deliveries:
 * the fields of the `…stateChanged` event, the saved entity included.
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

/** Adds the change to the outbox inside the transaction that saves it, so the two commit (or fail) together. */
export async function writeStateChange(trx: DbTransaction, change: StateChange, now: number): Promise<void> {
  await trx
    .insertInto(OUTBOX_TABLE)
    .values({ kind: change.kind, entity_id: change.id, body: JSON.stringify(change), created_at: now })
    .execute();
}

/** A row read back; a body that no longer parses is a fault of the database, reported by its id. */
export function stateChangeOf(row: Record<string, unknown>): StateChange {
  try {
    return JSON.parse(String(row.body)) as StateChange;
  } catch {
    throw new Error(`outbox row ${String(row.id)} does not hold a readable state change`);
  }
}
