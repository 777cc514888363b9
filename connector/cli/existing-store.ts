import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

/** Where the store is (the store.* settings). */
export interface StoreLocation {
  kind: 'sqlite' | 'postgres';
  path: string;
  url: string | undefined;
  schema: string;
}

/** The table every Kontor store has from its first migration on (connector/store/migrate.ts). */
const MIGRATIONS_TABLE = 'kontor_migrations';

/**
 * A command that reads a connector's store (`kontor audit verify`) needs the store to be there: opening one creates it
 * (the SQLite file and its folder, the PostgreSQL schema) and migrates it, so a mistyped path would read an empty
 * store and report it as fine. Throws, naming the path or the schema, when the SQLite file or the PostgreSQL schema
 * is missing or holds no Kontor store; creates and changes nothing.
 */
export async function requireExistingStore(store: StoreLocation, command: string): Promise<void> {
  const none = `${command} reads an existing store and creates none`;
  if (store.kind === 'sqlite') {
    if (store.path === ':memory:') throw new Error(`store.path (KONTOR_STORE_PATH) is :memory:, which holds no store: ${none}`);
    const path = resolve(store.path);
    if (!existsSync(path)) throw new Error(`no SQLite store at ${path} (store.path, KONTOR_STORE_PATH): the file does not exist; ${none}`);
    if (!sqliteHasStore(path)) throw new Error(`${path} (store.path, KONTOR_STORE_PATH) is not a Kontor store: it has no ${MIGRATIONS_TABLE} table; ${none}`);
    return;
  }
  const found = await postgresStore(store.url ?? '', store.schema);
  if (!found.schema) throw new Error(`the PostgreSQL schema '${store.schema}' (store.schema, KONTOR_STORE_SCHEMA) does not exist; ${none}`);
  if (!found.tables) throw new Error(`the PostgreSQL schema '${store.schema}' (store.schema, KONTOR_STORE_SCHEMA) holds no Kontor store (no ${MIGRATIONS_TABLE} table); ${none}`);
}

function sqliteHasStore(path: string): boolean {
  let native: BetterSqlite3.Database | undefined;
  try {
    native = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    return native.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE) !== undefined;
  } catch {
    return false; // not a database at all (a folder, another kind of file)
  } finally {
    native?.close();
  }
}

async function postgresStore(url: string, schema: string): Promise<{ schema: boolean; tables: boolean }> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined); // a dropped connection fails the query below instead
  try {
    await client.connect();
    const { rows } = await client.query<{ schema: boolean; tables: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS schema,
              EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2) AS tables`,
      [schema, MIGRATIONS_TABLE],
    );
    return rows[0] ?? { schema: false, tables: false };
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    throw new Error(`the PostgreSQL store (store.url) cannot be read: ${code ?? message ?? 'error'}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
