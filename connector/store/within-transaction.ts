import type { Db, DbTransaction } from './database.js';
import { translateSqlError } from './sql-errors.js';
import { storeFaultOf } from './store-fault.js';

/**
 * Runs `work` in a transaction: the one `db` already is (a store bound to a caller's transaction, so its writes
 * commit with the caller's), or a new one. A fault of the store under a new one (its connection lost, so that even
 * the ROLLBACK fails with the driver's bare error) becomes STORE_UNAVAILABLE; any other error passes unchanged.
 */
export async function withinTransaction<T>(db: Db, work: (trx: DbTransaction) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as DbTransaction);
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    throw storeFaultOf(error) ? translateSqlError(error, 'the store') : error;
  }
}
