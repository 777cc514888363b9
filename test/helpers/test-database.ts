import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { StoreConfig } from '../../connector/config/kontor-config.js';
import { openDatabase, type Database } from '../../connector/store/database.js';
import { migrate } from '../../connector/store/migrate.js';

/**
 * The PostgreSQL server the PostgreSQL suites run against; undefined means those suites are skipped (visibly). Its
 * connections do not wait at commit for the write-ahead log to reach the disk (`synchronous_commit off`, unless the
 * URL sets it): no test depends on a commit surviving a crash of the PostgreSQL server itself (a stopped connector or
 * a dropped connection loses nothing by it), and migrating a fresh schema takes about a third of the time (decision 0043).
 */
export const TEST_PG_URL: string | undefined = withoutCommitWait(process.env.KONTOR_TEST_PG_URL || undefined);

function withoutCommitWait(url: string | undefined): string | undefined {
  if (url === undefined || /synchronous_commit/i.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c synchronous_commit=off')}`;
}

export type Backend = 'sqlite' | 'postgres';

export interface TestDatabase {
  config: StoreConfig;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

/** A fresh, empty store location per call: a temp SQLite file, or a new PostgreSQL schema. */
export function testStoreConfig(backend: Backend): TestDatabase {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'kontor-test-'));
    const config: StoreConfig = { kind: 'sqlite', path: join(dir, 'kontor.db'), url: undefined, schema: 'public', poolSize: 1, migrate: true };
    return { config, open: () => openDatabase(config), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (!TEST_PG_URL) throw new Error('KONTOR_TEST_PG_URL is not set');
  const schema = `kontor_t_${randomBytes(6).toString('hex')}`;
  const config: StoreConfig = { kind: 'postgres', path: '', url: TEST_PG_URL, schema, poolSize: 5, migrate: true };
  return {
    config,
    open: () => openDatabase(config),
    cleanup: async () => {
      const db = await openDatabase({ ...config, schema: 'public' });
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db.db);
      await db.close();
    },
  };
}

/** Opens and migrates a fresh database for one test. */
export async function freshDatabase(backend: Backend): Promise<{ database: Database; location: TestDatabase; cleanup: () => Promise<void> }> {
  const location = testStoreConfig(backend);
  const database = await location.open();
  await migrate(database);
  return {
    database,
    location,
    cleanup: async () => {
      await database.close();
      await location.cleanup();
    },
  };
}

/** The backends to run contract suites on, with a visible reason when PostgreSQL is skipped. */
export const BACKENDS: { backend: Backend; skip: boolean }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: TEST_PG_URL === undefined },
];
