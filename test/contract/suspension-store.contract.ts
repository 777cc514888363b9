import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import type { Database } from '../../connector/store/database.js';
import { standingCheck } from '../../connector/usage/index.js';
import { SqlSuspensionStore } from '../../connector/store/sql/sql-suspension-store.js';
import { freshDatabase, type Backend } from '../helpers/test-database.js';

/** The contract of the party-suspension store, run once per backend. */
export function suspensionStoreContract(backend: Backend): void {
  let database: Database;
  let cleanup: () => Promise<void>;
  const clock = new FixedClock(5_000);
  beforeEach(async () => {
    ({ database, cleanup } = await freshDatabase(backend));
  });
  afterEach(async () => cleanup());

  describe('SqlSuspensionStore', () => {
    it('should suspend once (the first reason wins), list, refuse through the standing check, and lift', async () => {
      const store = new SqlSuspensionStore(database, clock);
      const check = standingCheck(store);
      await expect(check('did:web:a')).resolves.toBeUndefined();
      const { suspension: first, created } = await store.suspend({ participantId: 'did:web:a', reason: 'no deletion receipt', source: 'missed-deadline', agreementId: 'agr-1' });
      expect(created).toBe(true);
      expect(first).toEqual({ participantId: 'did:web:a', reason: 'no deletion receipt', source: 'missed-deadline', agreementId: 'agr-1', createdAt: 5_000 });
      const again = await Promise.all([
        store.suspend({ participantId: 'did:web:a', reason: 'later', source: 'operator' }),
        store.suspend({ participantId: 'did:web:a', reason: 'racing', source: 'operator' }),
      ]);
      expect(again).toEqual([
        { suspension: first, created: false },
        { suspension: first, created: false },
      ]);
      const raced = await Promise.all(['x', 'y', 'z'].map((reason) => store.suspend({ participantId: 'did:web:c', reason, source: 'operator' })));
      expect(raced.filter((r) => r.created)).toHaveLength(1); // exactly one caller suspended it
      await store.lift('did:web:c');
      await store.suspend({ participantId: 'did:web:b', reason: 'operator says so', source: 'operator' });
      expect(await store.list({ offset: 0, limit: 10 })).toMatchObject({ total: 2, items: [{ participantId: 'did:web:a' }, { participantId: 'did:web:b', source: 'operator' }] });
      expect((await store.list({ offset: 1, limit: 10 })).items.map((s) => s.participantId)).toEqual(['did:web:b']);
      await expect(check('did:web:a')).rejects.toMatchObject({ code: 'FORBIDDEN', detail: expect.stringMatching(/suspended: no deletion receipt/) });
      expect(await store.lift('did:web:a')).toEqual(first);
      expect(await store.lift('did:web:a')).toBeUndefined();
      await expect(check('did:web:a')).resolves.toBeUndefined();
      expect(await store.find('did:web:b')).toMatchObject({ reason: 'operator says so' });
    });
  });
}
