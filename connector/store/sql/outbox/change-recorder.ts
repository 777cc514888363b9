import type { Clock } from '../../../../core/index.js';
import type { ChangeRecorder } from '../../change-recorder.js';
import type { Database } from '../../database.js';
import { withinTransaction } from '../../within-transaction.js';
import { writeRecords, type OutboxRecord } from './outbox-records.js';

/** The SQL change recorder: `storesOn` builds the stores `change` writes through on the transaction's handle. */
export function sqlChangeRecorder<S>(database: Database, clock: Clock, storesOn: (db: Database) => S, wake: () => void): ChangeRecorder<S, OutboxRecord> {
  const commit: ChangeRecorder<S, OutboxRecord>['commit'] = async (change) => {
    let written = false;
    const value = await withinTransaction(database.db, async (trx) => {
      const { value: v, records } = await change(storesOn({ ...database, db: trx }));
      await writeRecords(trx, records, clock.now());
      written = records.length > 0;
      return v;
    });
    if (written) wake();
    return value;
  };
  return { commit, record: (...records) => commit(async () => ({ value: undefined, records })) };
}
