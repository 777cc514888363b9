import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import type { Database } from '../../connector/store/sql/database.js';
import { SiteSessionSqlStore } from '../../connector/store/sql/site-session-sql-store.js';
import { freshDatabase, type Backend, type TestDatabase } from '../helpers/test-database.js';

/** The contract of the site's training sessions: the atomic, persistent round counter (attack table row 3). */
export function siteSessionStoreContract(backend: Backend): void {
  let database: Database;
  let location: TestDatabase;
  let cleanup: () => Promise<void>;
  const clock = new FixedClock(10_000);
  const open = (store: SiteSessionSqlStore, transferId: string, agreementId = 'agr') => store.open({ transferId, agreementId, coordinatorDid: 'did:web:c', assetId: 'penguins' });
  beforeEach(async () => {
    ({ database, location, cleanup } = await freshDatabase(backend));
  });
  afterEach(async () => cleanup());

  describe('SiteSessionSqlStore', () => {
    it('should serve each round once: concurrent advances for the same round, one wins; a used token never again', async () => {
      const store = new SiteSessionSqlStore(database, clock);
      expect(await open(store, 'tp-1')).toMatchObject({ roundsDone: 0, evaluationsDone: 0, status: 'active', usedTokens: [] });
      expect(await open(store, 'tp-1')).toMatchObject({ roundsDone: 0 }); // idempotent
      const raced = await Promise.all(['j1', 'j2', 'j3', 'j4'].map((jti) => store.advance('tp-1', 0, jti, 'fit')));
      expect(raced.filter(Boolean)).toHaveLength(1);
      const winner = ['j1', 'j2', 'j3', 'j4'][raced.indexOf(true)] as string;
      expect(await store.advance('tp-1', 1, winner, 'fit')).toBe(false); // its token is spent
      expect(await store.advance('tp-1', 0, 'j9', 'fit')).toBe(false); // round 1 is taken
      expect(await store.advance('tp-1', 1, 'j9', 'fit')).toBe(true);
      expect(await store.advance('tp-1', 0, 'e1', 'evaluate')).toBe(true); // evaluations count apart
      expect(await store.find('tp-1')).toMatchObject({ roundsDone: 2, evaluationsDone: 1, usedTokens: expect.arrayContaining([winner, 'j9', 'e1']) });
      await expect(store.advance('nope', 0, 'x', 'fit')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('should keep the counter across a restart and sum it per agreement (the round budget), and serve nothing once ended', async () => {
      const store = new SiteSessionSqlStore(database, clock);
      await open(store, 'tp-1');
      await open(store, 'tp-2');
      await open(store, 'tp-3', 'other');
      expect(await store.advance('tp-1', 0, 'a', 'fit')).toBe(true);
      expect(await store.advance('tp-1', 1, 'b', 'fit')).toBe(true);
      expect(await store.advance('tp-2', 0, 'c', 'fit')).toBe(true);
      expect(await store.advance('tp-3', 0, 'd', 'fit')).toBe(true);
      await store.end('tp-2');
      // A restarted connector: a new connection and a new store over the same database.
      const reopened = await location.open();
      try {
        const again = new SiteSessionSqlStore(reopened, clock);
        expect(await again.roundsUnderAgreement('agr')).toBe(3);
        expect(await again.roundsUnderAgreement('other')).toBe(1);
        expect(await again.roundsUnderAgreement('none')).toBe(0);
        expect(await again.find('tp-1')).toMatchObject({ roundsDone: 2, usedTokens: ['a', 'b'] });
        expect(await again.advance('tp-1', 1, 'z', 'fit')).toBe(false); // round 2 was served before the restart
        expect(await again.advance('tp-2', 1, 'y', 'fit')).toBe(false); // ended
        expect((await again.listActive()).map((s) => s.transferId).sort()).toEqual(['tp-1', 'tp-3']);
      } finally {
        await reopened.close();
      }
    });
  });
}
