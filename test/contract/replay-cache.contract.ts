import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { SqlReplayCache } from '../../connector/store/sql/sql-replay-cache.js';
import type { Database } from '../../connector/store/database.js';
import { freshDatabase, type Backend, type TestDatabase } from '../helpers/test-database.js';

/** The contract of the replay cache in the database (issue 19 item 2), run once per backend. */
export function replayCacheContract(backend: Backend): void {
  let database: Database;
  let location: TestDatabase;
  let cleanup: () => Promise<void>;
  const clock = new FixedClock();
  beforeEach(async () => {
    ({ database, location, cleanup } = await freshDatabase(backend));
  });
  afterEach(async () => cleanup());

  describe('SqlReplayCache', () => {
    it('should accept an id once per issuer until it expires, then take it again', async () => {
      const cache = new SqlReplayCache(database, clock);
      const until = clock.now() + 1000;
      expect(await cache.use('did:a', 'j1', until)).toBe('fresh');
      expect(await cache.seen('did:a', 'j1')).toBe(true);
      expect(await cache.use('did:a', 'j1', until)).toBe('replayed');
      expect(await cache.use('did:b', 'j1', until)).toBe('fresh');
      clock.advance(1000);
      expect(await cache.seen('did:a', 'j1')).toBe(false);
      expect(await cache.use('did:a', 'j1', clock.now() + 1000)).toBe('fresh'); // the expired row is reused
      expect(await cache.size()).toBe(1);
    });

    it('should bound each issuer, failing closed for that issuer only until its ids expire', async () => {
      const cache = new SqlReplayCache(database, clock, { maxPerIssuer: 2 });
      const soon = clock.now() + 1000;
      expect(await Promise.all(['a1', 'a2'].map((j) => cache.use('did:a', j, soon)))).toEqual(['fresh', 'fresh']);
      expect(await cache.use('did:a', 'a3', soon)).toBe('full');
      expect(await cache.use('did:a', 'a1', soon)).toBe('replayed');
      expect(await cache.use('did:b', 'b1', soon)).toBe('fresh');
      clock.advance(1000);
      expect(await cache.use('did:a', 'a3', clock.now() + 1000)).toBe('fresh');
      expect(await cache.size()).toBe(1);
    });

    it('should let exactly one of many concurrent uses of one id through, across two pools', async () => {
      const second = backend === 'postgres' ? await location.open() : database; // PostgreSQL: a second pool, like a second process
      const caches = [new SqlReplayCache(database, clock), new SqlReplayCache(second, clock)];
      try {
        const until = clock.now() + 60_000;
        for (const jti of ['x1', 'x2', 'x3']) {
          const verdicts = await Promise.all(Array.from({ length: 12 }, (_, i) => (caches[i % 2] as SqlReplayCache).use('did:a', jti, until)));
          expect(verdicts.filter((v) => v === 'fresh')).toHaveLength(1);
          expect(verdicts.filter((v) => v === 'replayed')).toHaveLength(11);
        }
      } finally {
        if (second !== database) await second.close();
      }
    });
  });
}
