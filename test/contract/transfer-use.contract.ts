import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConnectorError, FixedClock } from '../../core/index.js';
import type { Database } from '../../connector/store/database.js';
import { TransferUseLedgerSqlStore } from '../../connector/store/sql/transfer-use-ledger-sql-store.js';
import { freshDatabase, type Backend, type TestDatabase } from '../helpers/test-database.js';

/** The transfer use ledger (migration 0022): claims numbered per agreement, decided and taken in one transaction, run once per backend. */
export function transferUseContract(backend: Backend): void {
  let database: Database;
  let location: TestDatabase;
  let cleanup: () => Promise<void>;
  let ledger: TransferUseLedgerSqlStore;
  const clock = new FixedClock(Date.parse('2027-01-01T00:00:00Z'));
  /** A `count lteq n` as the policy decides it: use usageCount + 1 must not pass n. */
  const upTo = (n: number) => (usageCount: number) => usageCount + 1 <= n;

  beforeEach(async () => {
    ({ database, location, cleanup } = await freshDatabase(backend));
    ledger = new TransferUseLedgerSqlStore(database, clock);
  });
  afterEach(async () => cleanup());

  describe('transfer uses on the store', () => {
    it('should number the uses of each agreement, show the decision the uses so far, and take none for a refusal', async () => {
      const seen: number[] = [];
      const decide = (n: number) => {
        seen.push(n);
        return upTo(2)(n);
      };
      expect([await ledger.claim('a1', 't1', decide), await ledger.claim('a1', 't2', decide), await ledger.claim('a1', 't3', decide)]).toEqual([1, 2, undefined]);
      expect(await ledger.claim('a2', 't4', decide)).toBe(1); // another agreement counts on its own
      expect(seen).toEqual([0, 1, 2, 0]);
      expect([await ledger.count('a1'), await ledger.count('a2'), await ledger.count('a3')]).toEqual([2, 1, 0]);
    });

    it('should keep the uses across a restart (a new connection and store)', async () => {
      await ledger.claim('a1', 't1', upTo(2));
      const reopened = await location.open();
      try {
        const again = new TransferUseLedgerSqlStore(reopened, clock);
        expect([await again.count('a1'), await again.claim('a1', 't2', upTo(2)), await again.claim('a1', 't3', upTo(2))]).toEqual([1, 2, undefined]);
      } finally {
        await reopened.close();
      }
    });

    it('should answer a transfer that holds a use with it, decided as that use, and claim no second one', async () => {
      await ledger.claim('a1', 't1', upTo(1));
      const seen: number[] = [];
      expect(await ledger.claim('a1', 't1', (n) => seen.push(n) > 0)).toBe(1);
      expect(await ledger.claim('a1', 't1', () => false)).toBeUndefined(); // refused now, but the use stays taken
      expect([seen, await ledger.count('a1')]).toEqual([[0], 1]);
      const other = await ledger.claim('a2', 't1', upTo(1)).catch((e: unknown) => (e as ConnectorError).code);
      expect(other).toBe('VALIDATION_FAILED');
    });

    it('should let exactly N of many concurrent claims pass a count of N, from two replicas, each with its own use number', async () => {
      const second = await location.open(); // a second pool (PostgreSQL) or connection to the file (SQLite), like a second replica
      let outcomes: (number | undefined)[];
      try {
        const replicas = [ledger, new TransferUseLedgerSqlStore(second, clock)];
        outcomes = await Promise.all(Array.from({ length: 16 }, (_, i) => replicas[i % 2]?.claim('a1', `t${i}`, upTo(5))));
      } finally {
        await second.close();
      }
      expect(outcomes.filter((o) => o !== undefined).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(await ledger.count('a1')).toBe(5);
    });
  });
}
