import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Clock, Logger } from '../../core/index.js';
import type { StoreConfig } from '../config/kontor-config.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import { createStores, openStoresForReading, type Stores } from '../store/sql/create-stores.js';
import { storeOpenError } from '../store/store-open-error.js';

/** Where the store is (the store.* settings). */
export interface StoreLocation {
  kind: 'sqlite' | 'postgres';
  path: string;
  url: string | undefined;
  schema: string;
}

/** The table every Kontor store has from its first migration on (connector/store/migrate.ts). */
const MIGRATIONS_TABLE = 'kontor_migrations';

/** The migration this build's store is at once migrated. */
const NEEDED = Math.max(...MIGRATIONS.map((m) => m.version));

/**
 * What a command does with an existing store, said by each command: `read` it only (`kontor audit verify`), or `add`
 * to it (`kontor credentials request` keeps the credentials it fetched). `since`: for a reader, the oldest migration
 * level whose tables it reads are as in this build (table-level.ts); this build's own level when left out.
 */
export type StoreUse = { use: 'read'; since?: number } | { use: 'add' };

/**
 * A command that reads a connector's store (`kontor audit verify`) needs the store to be there: opening one creates it
 * (the SQLite file and its folder, the PostgreSQL schema) and migrates it, so a mistyped path would read an empty
 * store and report it as fine. Throws, naming the path or the schema, when the SQLite file or the PostgreSQL schema
 * is missing or holds no Kontor store, or when the store is at another migration level than this build (such a
 * command migrates nothing: that is `kontor start`'s), or for a reader, outside `since` … this build's level;
 * creates and changes nothing.
 */
export async function requireExistingStore(store: StoreLocation, command: string, since = NEEDED): Promise<void> {
  const none = `${command} reads an existing store and creates none`;
  if (store.kind === 'sqlite') {
    if (store.path === ':memory:') throw new Error(`store.path (KONTOR_STORE_PATH) is :memory:, which holds no store: ${none}`);
    const path = resolve(store.path);
    if (!existsSync(path)) throw new Error(`no SQLite store at ${path} (store.path, KONTOR_STORE_PATH): the file does not exist; ${none}`);
    // storeOpenError would call it a directory too (as `kontor start` does); said here, the message also names the
    // environment variable and that the command creates nothing.
    if (statSync(path).isDirectory()) throw new Error(`${path} (store.path, KONTOR_STORE_PATH) is a directory, not a SQLite database file; ${none}`);
    const level = sqliteLevel({ ...store, path });
    if (level === undefined) throw new Error(`${path} (store.path, KONTOR_STORE_PATH) is not a Kontor store: it has no ${MIGRATIONS_TABLE} table; ${none}`);
    return requireLevel(level, `the SQLite store at ${path}`, command, since);
  }
  const found = await postgresStore(store.url ?? '', store.schema);
  if (!found.schema) throw new Error(`the PostgreSQL schema '${store.schema}' (store.schema, KONTOR_STORE_SCHEMA) does not exist; ${none}`);
  if (found.level === undefined)
    throw new Error(`the PostgreSQL schema '${store.schema}' (store.schema, KONTOR_STORE_SCHEMA) holds no Kontor store (no ${MIGRATIONS_TABLE} table); ${none}`);
  requireLevel(found.level, `the PostgreSQL store in schema '${store.schema}'`, command, since);
}

/**
 * Opens the stores of an existing store for a command (`requireExistingStore` first), with migrations off: the command
 * reads (or adds to) the store as it is and never changes its schema. A reader's SQLite store is opened read-only:
 * every write through these stores fails, and the file, its WAL and a connector running on it are left as they are.
 * On PostgreSQL no schema is created and every transaction is read-only.
 */
export async function openExistingStores(store: StoreConfig, command: string, access: StoreUse, deps: { clock: Clock; logger: Logger }): Promise<Stores> {
  if (access.use === 'add') {
    await requireExistingStore(store, command);
    return createStores({ ...store, migrate: false }, deps);
  }
  await requireExistingStore(store, command, access.since);
  // Not createStores: its level check wants this build's level, and the reader's level was checked above.
  return openStoresForReading(store, deps.clock);
}

function requireLevel(found: number, where: string, command: string, since: number): void {
  if (found >= since && found <= NEEDED) return;
  const migrate = `${command} migrates nothing; run \`kontor start\` of this build on it once (store.migrate true) to migrate it`;
  throw new Error(
    found > NEEDED
      ? `${where} is at migration ${found}, newer than this build (${NEEDED}): use the Kontor build that migrated it`
      : since === NEEDED
        ? `${where} is at migration ${found}, this build needs ${NEEDED}: ${migrate}`
        : `${where} is at migration ${found}, ${command} reads stores from migration ${since} on (this build's is ${NEEDED}): ${migrate}`,
  );
}

/**
 * The migration level of a SQLite file (opened read-only); undefined when it is a database without a Kontor store.
 * Throws, as `kontor start` reports it (storeOpenError), when it is no database at all: a folder, another kind of file.
 */
function sqliteLevel(store: StoreLocation): number | undefined {
  const { path } = store;
  let native: BetterSqlite3.Database | undefined;
  try {
    native = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    if (native.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE) === undefined) return undefined;
    const row = native.prepare(`SELECT MAX(version) AS v FROM ${MIGRATIONS_TABLE}`).get() as { v: number | null };
    return Number(row.v ?? 0);
  } catch (error) {
    // A WAL store no process has open is read through -wal and -shm files SQLite must create beside it.
    if ((error as { code?: unknown }).code === 'SQLITE_READONLY_DIRECTORY')
      throw new Error(
        `${path} (store.path, KONTOR_STORE_PATH) cannot be read: its folder is not writable and no connector has the store open, so SQLite cannot create its -wal and -shm files`,
      );
    throw storeOpenError(store, error, 'reading the migration level of');
  } finally {
    native?.close();
  }
}

async function postgresStore(url: string, schema: string): Promise<{ schema: boolean; level: number | undefined }> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined); // a dropped connection fails the query below instead
  try {
    await client.connect();
    const { rows } = await client.query<{ schema: boolean; tables: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS schema,
              EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2) AS tables`,
      [schema, MIGRATIONS_TABLE],
    );
    const found = rows[0] ?? { schema: false, tables: false };
    if (!found.tables) return { schema: found.schema, level: undefined };
    const level = await client.query<{ v: string | null }>(`SELECT MAX(version) AS v FROM ${client.escapeIdentifier(schema)}.${MIGRATIONS_TABLE}`);
    return { schema: true, level: Number(level.rows[0]?.v ?? 0) };
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    throw new Error(`the PostgreSQL store (store.url) cannot be read: ${code ?? message ?? 'error'}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
