import { sql } from 'kysely';
import type { Database } from './database.js';
import { MIGRATIONS } from './migrations/index.js';
import { SCHEMA_MISSING, storeFaultOf } from './store-fault.js';
import { COMPANION_ADVICE, isCompanionProblem } from './store-file-companions.js';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The migration the database is at (undefined: it has no `kontor_migrations` table at all) and the one this build needs. */
export interface MigrationLevel {
  found: number | undefined;
  needed: number;
}

const needed = () => Math.max(...MIGRATIONS.map((m) => m.version));

/** The highest migration applied; throws what the driver throws (a missing kontor_migrations table too). */
async function appliedMigration(database: Database): Promise<number> {
  const { rows } = await sql<{ v: unknown }>`SELECT MAX(version) AS v FROM kontor_migrations`.execute(database.db);
  return Number(rows[0]?.v ?? 0);
}

/** Reads the database's migration level; throws when the database cannot be queried (not for a missing table). */
export async function migrationLevel(database: Database): Promise<MigrationLevel> {
  try {
    return { found: await appliedMigration(database), needed: needed() };
  } catch (error) {
    if (storeFaultOf(error)?.fault === SCHEMA_MISSING) return { found: undefined, needed: needed() };
    throw error;
  }
}

/** Why a database at `level` cannot serve this build, or undefined when it can. */
export function migrationLevelProblem(level: MigrationLevel): string | undefined {
  if (level.found === undefined) return `the database has no Kontor schema (no kontor_migrations table), this build needs migration ${level.needed}`;
  return level.found >= level.needed ? undefined : `the database is at migration ${level.found}, this build needs ${level.needed}`;
}

/**
 * Why the database cannot serve this build (its SQLite file at store.path removed or replaced, it does not answer, its
 * schema is gone, or it lacks a migration), or undefined when it can. The file is looked at first: a connection keeps
 * answering on a file removed from under it, so a query alone would say all is well.
 */
export async function databaseProblem(database: Database): Promise<string | undefined> {
  const fileGone = database.file?.recheck();
  if (fileGone) return `${fileGone}: ${isCompanionProblem(fileGone) ? COMPANION_ADVICE : 'restore it and restart the connector'}`;
  let found: number;
  try {
    found = await appliedMigration(database);
  } catch (error) {
    return `the ${database.dialect} database cannot be queried: ${message(error)}`;
  }
  return migrationLevelProblem({ found, needed: needed() });
}
