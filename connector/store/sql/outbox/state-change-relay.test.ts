import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/index.js';
import { capturingLogger, ERROR_LEVEL } from '../../../../test/helpers/log-capture.js';
import { freshDatabase } from '../../../../test/helpers/test-database.js';
import type { Database } from '../../database.js';
import { SqlAuditStore } from '../sql-audit-store.js';
import { StateChangeRelay } from './state-change-relay.js';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
beforeEach(async () => {
  fresh = await freshDatabase('sqlite');
});
afterEach(async () => fresh.cleanup());

/** The database, with every query failing as `error` (what better-sqlite3 throws on a full disk, or a bug). */
const failingWith = (database: Database, error: Error): Database => ({
  ...database,
  db: new Proxy(database.db, {
    get: (target, key) => {
      if (key === 'executeQuery') return () => Promise.reject(error);
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value; // Kysely's private fields need the real object
    },
  }),
});

async function relayOnce(database: Database) {
  const { logger, lines } = capturingLogger();
  const relay = new StateChangeRelay({
    database,
    auditStore: new SqlAuditStore(fresh.database),
    audit: {} as never, // not reached: the first query fails
    webhooks: {} as never,
    clock: new FixedClock(0),
    logger,
    recordsOf: () => ({}) as never,
    idleWaitMs: 3_600_000,
    windowMs: 0,
  });
  relay.wake();
  await relay.stop(); // waits for the pass the wake started
  return lines;
}

describe('StateChangeRelay when the store fails', () => {
  it('should log a full disk at warn, with the cause, and no error-level line', async () => {
    const lines = await relayOnce(failingWith(fresh.database, Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })));
    expect(lines.filter((l) => l.level >= ERROR_LEVEL)).toEqual([]);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 40, msg: expect.stringContaining('relaying state changes'), detail: expect.stringContaining('the disk is full (SQLITE_FULL)') }),
    );
  });

  it('should still log a failure that is not a fault of the machine at error', async () => {
    const lines = await relayOnce(failingWith(fresh.database, new Error('a bug')));
    expect(lines).toContainEqual(expect.objectContaining({ level: ERROR_LEVEL, msg: expect.stringContaining('relaying state changes') }));
  });
});
