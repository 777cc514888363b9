import { sql } from 'kysely';
import type { Database } from '../database.js';

/**
 * PostgreSQL: reads the database server's clock (`clock_timestamp()`, the time of the reading, not of the
 * transaction) in ms since the epoch; undefined on SQLite, whose one process has one clock.
 */
export function databaseClock(database: Database): (() => Promise<number>) | undefined {
  if (database.dialect !== 'postgres') return undefined;
  return async () => {
    const { rows } = await sql<{ ms: number | string }>`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms`.execute(database.db);
    const ms = Number(rows[0]?.ms);
    if (!Number.isFinite(ms)) throw new Error('the database did not tell its time');
    return ms;
  };
}
