import type { Clock } from '../../core/index.js';
import type { Database } from '../store/sql/database.js';
import { withinTransaction } from '../store/sql/within-transaction.js';
import { writeRecords, type OutboxRecord } from './outbox-records.js';

/**
 * Makes a change and writes its records (audit entries, webhook events) in one transaction: `change` gets the
 * database bound to that transaction (build the stores it writes through on it) and returns its value and the
 * records; both commit or neither does, so a crash between the change and its audit entry cannot lose the entry.
 * The relay appends the records (woken right after the commit; the outbox is the crash net).
 */
export interface ChangeRecorder {
  commit<T>(change: (db: Database) => Promise<{ value: T; records: readonly OutboxRecord[] }>): Promise<T>;
  /** Records of something that changed nothing in this database (written through the outbox all the same). */
  record(...records: OutboxRecord[]): Promise<void>;
}

export function changeRecorder(database: Database, clock: Clock, wake: () => void): ChangeRecorder {
  const commit: ChangeRecorder['commit'] = async (change) => {
    let written = false;
    const value = await withinTransaction(database.db, async (trx) => {
      const { value: v, records } = await change({ ...database, db: trx });
      await writeRecords(trx, records, clock.now());
      written = records.length > 0;
      return v;
    });
    if (written) wake();
    return value;
  };
  return { commit, record: (...records) => commit(async () => ({ value: undefined, records })) };
}
