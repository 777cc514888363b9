import type { StatefulEntity } from '../../statemachine/stateful-entity.js';
import type { DbTransaction } from '../database.js';

/**
 * A write that commits with an entity's save: `take` removes a transient field from the entity (what is stored is
 * `rest`) and returns the write of what it held, run inside the save's transaction after the entity's row. A store
 * built with a companion saves every entity that carries the field in a transaction, even without an outbox row.
 */
export interface SaveCompanion<E extends StatefulEntity> {
  take(entity: E): { rest: E; write?: (trx: DbTransaction) => Promise<void> };
}
