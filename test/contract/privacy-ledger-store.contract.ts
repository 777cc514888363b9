import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import type { Database } from '../../connector/store/database.js';
import { AgreementSqlStore } from '../../connector/store/sql/agreement-sql-store.js';
import { PrivacyLedgerSqlStore } from '../../connector/store/sql/privacy-ledger-sql-store.js';
import { freshDatabase, type Backend, type TestDatabase } from '../helpers/test-database.js';

/** The contract of the site's privacy ledger: ε spent per agreement, shared per data set and counterparty, compare-and-swap, and it survives a restart. */
export function privacyLedgerStoreContract(backend: Backend): void {
  let database: Database;
  let location: TestDatabase;
  let cleanup: () => Promise<void>;
  const clock = new FixedClock(20_000);
  beforeEach(async () => {
    ({ database, location, cleanup } = await freshDatabase(backend));
  });
  afterEach(async () => cleanup());

  describe('PrivacyLedgerSqlStore', () => {
    it('should let exactly one of concurrent first spends win, then only the spend that read the current round count', async () => {
      const ledger = new PrivacyLedgerSqlStore(database, clock);
      expect(await ledger.find('agr-1')).toBeUndefined();
      const first = { delta: 1e-5, epsilon: 0.41, rdp: [0.001, 0.25, 1e-12] };
      const raced = await Promise.all([1, 2, 3, 4].map(() => ledger.spend('agr-1', 0, first)));
      expect(raced.filter(Boolean)).toHaveLength(1);
      expect(await ledger.find('agr-1')).toEqual({ agreementId: 'agr-1', ...first, rounds: 1, updatedAt: 20_000 });
      expect(await ledger.spend('agr-1', 0, { ...first, epsilon: 9 })).toBe(false); // stale: it read "no spend yet"
      const second = { delta: 1e-5, epsilon: 0.73, rdp: [0.002, 0.5, 2e-12] };
      const again = await Promise.all([1, 2, 3].map(() => ledger.spend('agr-1', 1, second)));
      expect(again.filter(Boolean)).toHaveLength(1);
      expect(await ledger.find('agr-1')).toMatchObject({ epsilon: 0.73, rounds: 2, rdp: second.rdp });
      expect(await ledger.find('agr-2')).toBeUndefined(); // per agreement
    });

    it('should share one budget between the agreements on one asset with one counterparty, their charges serialised', async () => {
      const agreements = new AgreementSqlStore(database);
      const agreement = (id: string, assignee: string, assetId = 'clinic') =>
        agreements.save({ id, negotiationId: `n-${id}`, assigner: 'did:web:site', assignee, assetId, signedAt: 1, status: 'active', policy: {} });
      await agreement('agr-1', 'did:web:coordinator');
      await agreement('agr-2', 'did:web:coordinator'); // the same offer negotiated again
      await agreement('agr-3', 'did:web:other'); // another counterparty
      await agreement('agr-4', 'did:web:coordinator', 'other-asset'); // another data set
      const ledger = new PrivacyLedgerSqlStore(database, clock);
      const spend = { delta: 1e-5, epsilon: 0.4, rdp: [0.1, 0.2] };
      expect(await ledger.spend('agr-1', 0, spend)).toBe(true);
      expect((await ledger.findShared('agr-2')).map((s) => s.agreementId)).toEqual(['agr-1']);
      expect(await ledger.findShared('agr-3')).toEqual([]);
      expect(await ledger.findShared('agr-4')).toEqual([]);
      expect(await ledger.spend('agr-2', 0, spend)).toBe(false); // it read "nothing spent", but agr-1 spent on the budget
      expect(await ledger.spend('agr-3', 0, spend)).toBe(true);
      // Concurrent charges under the two agreements, both having read 1 round: exactly one wins.
      const raced = await Promise.all([ledger.spend('agr-1', 1, spend), ledger.spend('agr-2', 1, spend), ledger.spend('agr-2', 1, spend)]);
      expect(raced.filter(Boolean)).toHaveLength(1);
      const shared = await ledger.findShared('agr-1');
      expect(shared.reduce((n, s) => n + s.rounds, 0)).toBe(2);
      expect(await ledger.spend('agr-2', 2, spend)).toBe(true);
      expect((await ledger.findShared('agr-2')).reduce((n, s) => n + s.rounds, 0)).toBe(3);
    });

    it('should keep the spend across a restart (a new connection and store over the same database)', async () => {
      await new PrivacyLedgerSqlStore(database, clock).spend('agr-1', 0, { delta: 1e-5, epsilon: 2.5, rdp: [1, 2, 3] });
      const reopened = await location.open();
      try {
        const ledger = new PrivacyLedgerSqlStore(reopened, clock);
        expect(await ledger.find('agr-1')).toMatchObject({ delta: 1e-5, epsilon: 2.5, rdp: [1, 2, 3], rounds: 1 });
        expect(await ledger.spend('agr-1', 1, { delta: 1e-5, epsilon: 2.9, rdp: [2, 4, 6] })).toBe(true);
      } finally {
        await reopened.close();
      }
      expect(await new PrivacyLedgerSqlStore(database, clock).find('agr-1')).toMatchObject({ epsilon: 2.9, rounds: 2 });
    });
  });
}
