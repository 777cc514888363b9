import type { Db, DbTransaction } from './database.js';

/**
 * Runs `work` in a transaction: the one `db` already is (a store bound to a caller's transaction, so its writes
 * commit with the caller's), or a new one.
 */
export function withinTransaction<T>(db: Db, work: (trx: DbTransaction) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as DbTransaction) : db.transaction().execute(work);
}
