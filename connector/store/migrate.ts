import { sql } from 'kysely';
import { systemClock, type Clock, type Logger } from '../../core/index.js';
import type { Database } from './database.js';
import { MIGRATION_LOCK_KEY, underMigrationLock } from './migration-lock.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

/**
 * Applies pending migrations, forward only, each in its own transaction. On PostgreSQL the whole run (the
 * schema, the migrations table, every migration) holds one session advisory lock on one connection, so any
 * number of processes starting at once on an empty schema come up (migration-lock.ts). Returns the versions
 * applied now.
 */
export async function migrate(database: Database, options: { logger?: Logger; clock?: Clock; migrations?: readonly Migration[] } = {}): Promise<number[]> {
  const { logger, clock = systemClock, migrations = MIGRATIONS } = options;
  const { dialect } = database;
  const applied: number[] = [];
  await underMigrationLock(database.db, dialect, async (db) => {
    if (dialect === 'postgres' && database.schema) await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(database.schema)}`.execute(db);
    await sql`CREATE TABLE IF NOT EXISTS kontor_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`.execute(db);
    for (const migration of migrations) {
      const done = await db.transaction().execute(async (trx) => {
        // Also serialises against an older Kontor that takes only this transaction-level lock (a rolling upgrade).
        if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
        const row = await trx.selectFrom('kontor_migrations').select('version').where('version', '=', migration.version).executeTakeFirst();
        if (row) return false;
        for (const statement of migration[dialect]) await sql.raw(statement).execute(trx);
        await trx.insertInto('kontor_migrations').values({ version: migration.version, name: migration.name, applied_at: clock.now() }).execute();
        return true;
      });
      if (done) {
        applied.push(migration.version);
        logger?.info({ version: migration.version, name: migration.name }, 'migration applied');
      }
    }
  });
  return applied;
}
