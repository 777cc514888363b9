import { sql } from 'kysely';
import type { Db, DialectName } from './database.js';

/** The advisory lock key every Kontor process takes for schema work (database-wide; any schema). */
export const MIGRATION_LOCK_KEY = 7345017;

/**
 * Runs `work` on one dedicated connection. On PostgreSQL that connection first takes the session-level advisory
 * lock and keeps it until `work` is done, so schema creation, the migrations table and every migration of one
 * process run while no other process does schema work: concurrent starts on an empty schema queue instead of
 * racing on the catalog (a concurrent `CREATE … IF NOT EXISTS` fails with a unique violation in pg_namespace /
 * pg_type). SQLite serialises writers itself; there `work` just runs.
 */
export async function underMigrationLock<T>(db: Db, dialect: DialectName, work: (conn: Db) => Promise<T>): Promise<T> {
  if (dialect !== 'postgres') return work(db);
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      return await work(conn);
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}
