import { sql } from 'kysely';
import type { Database } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Why the database cannot serve this build (it does not answer, or lacks a migration), or undefined when it can. */
export async function databaseProblem(database: Database): Promise<string | undefined> {
  const latest = Math.max(...MIGRATIONS.map((m) => m.version));
  let version: number;
  try {
    const { rows } = await sql<{ v: unknown }>`SELECT MAX(version) AS v FROM kontor_migrations`.execute(database.db);
    version = Number(rows[0]?.v ?? 0);
  } catch (error) {
    return `the ${database.dialect} database cannot be queried: ${message(error)}`;
  }
  return version >= latest ? undefined : `the database is at migration ${version}, this build needs ${latest}`;
}
