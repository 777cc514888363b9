import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, type ExpressionBuilder, type SelectQueryBuilder, type Transaction } from 'kysely';
import pg from 'pg';
import type { Logger } from '../../core/index.js';
import type { StoreConfig } from '../config/kontor-config.js';
import { DEFAULT_LOCK_WAIT, lockWaitPauses, type LockWait } from './lock-wait.js';
import { LockWaitingSqliteDialect } from './lock-waiting-dialect.js';
import { underMigrationLock } from './migration-lock.js';
import { schemaNameProblem } from '../config/schema-name.js';
import { watchConnections } from './pg-connection-loss.js';
import { pgPoolOptions } from './pg-pool-options.js';
import { preparePrivateFile } from './private-file.js';
import { translateSqlError } from './sql-errors.js';
import { withStatementCache } from './statement-cache.js';
import type { TemplateCache } from './query-templates.js';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';
import { watchStoreFile, type StoreFileWatch } from './store-file-watch.js';

export type DialectName = 'sqlite' | 'postgres';

/**
 * Tables are typed loosely at this layer: any table name, any column, values unknown until a store maps its own rows
 * (see *-sql-store.ts). The migrations, not a TypeScript interface, define the schema.
 */
export type DynamicTables = Record<string, Record<string, unknown>>;
export type Db = Kysely<DynamicTables>;
export type DbTransaction = Transaction<DynamicTables>;
export type DbExpressionBuilder = ExpressionBuilder<DynamicTables, string>;
export type DbSelect = SelectQueryBuilder<DynamicTables, string, Record<string, unknown>>;

export interface Database {
  readonly db: Db;
  readonly dialect: DialectName;
  /** Statements compiled once, shared by every store on this database and on its transactions (query-templates.ts). */
  readonly templates?: TemplateCache;
  /** PostgreSQL: the schema every connection works in (its search_path). */
  readonly schema?: string;
  /** PostgreSQL: the connection pool's use right now (metrics). */
  poolUse?(): { total: number; idle: number; waiting: number; max: number };
  /** PostgreSQL: a session of its own, outside the pool (one connection, for session-level advisory locks held long). */
  openSession?(): Db;
  /** SQLite on a file it writes: store.path watched for being removed or replaced (store-file-watch.ts). */
  readonly file?: StoreFileWatch;
  /** SQLite on a file it writes: store.path, where a connector takes the store's lock (sqlite-process-lock.ts). */
  readonly path?: string;
  close(): Promise<void>;
}

/**
 * Opens the configured database. SQLite: a 0600 file (its folder created 0700); WAL mode; foreign keys on; a short
 * blocking busy wait, the rest of the lock wait asynchronous (lock-wait.ts).
 * `readOnly` (a command that only reads an existing store): SQLite: the file as it is, opened read-only (it must
 * exist; nothing is created, no pragma that writes, no checkpoint), so that every write fails (SQLITE_READONLY); it
 * still reads what a running connector has in the WAL. PostgreSQL: no schema is created and every transaction of
 * the pool is read-only (`default_transaction_read_only`), so a write fails there too.
 */
export async function openDatabase(
  config: Pick<StoreConfig, 'kind' | 'path' | 'url' | 'schema' | 'poolSize' | 'busyTimeoutMs' | 'lockWaitMs'>,
  options: { readOnly?: boolean; logger?: Logger } = {},
): Promise<Database> {
  if (config.kind === 'sqlite') {
    const wait = { busyTimeoutMs: config.busyTimeoutMs ?? DEFAULT_LOCK_WAIT.busyTimeoutMs, lockWaitMs: config.lockWaitMs ?? DEFAULT_LOCK_WAIT.lockWaitMs };
    return openSqlite(config.path, wait, options.readOnly === true, options.logger);
  }
  if (!config.url) throw new Error('store.url is required for postgres');
  return openPostgres(config.url, config.schema, config.poolSize, options.readOnly === true);
}

async function openSqlite(path: string, wait: LockWait, readOnly: boolean, logger?: Logger): Promise<Database> {
  if (path !== ':memory:' && !readOnly) preparePrivateFile(path);
  const native = new BetterSqlite3(path, readOnly ? { readonly: true, fileMustExist: true } : {});
  if (!readOnly) native.pragma('journal_mode = WAL');
  native.pragma('foreign_keys = ON');
  native.pragma(`busy_timeout = ${Math.trunc(wait.busyTimeoutMs)}`);
  if (!readOnly) native.pragma('synchronous = NORMAL');
  const checkpointer = path === ':memory:' || readOnly ? undefined : await checkpointInTheBackground(native, path);
  const file = path === ':memory:' || readOnly ? undefined : watchStoreFile(path, { logger });
  const db = new Kysely<DynamicTables>({ dialect: new LockWaitingSqliteDialect(withStatementCache(native), lockWaitPauses(wait), file) });
  return {
    db,
    dialect: 'sqlite',
    templates: new Map(),
    ...(file ? { file, path } : {}),
    close: async () => {
      file?.close();
      await checkpointer?.close();
      await db.destroy();
    },
  };
}

/** The WAL is checkpointed by a worker thread (wal-checkpointer.ts); should the thread not start, SQLite does it as usual. */
async function checkpointInTheBackground(native: BetterSqlite3.Database, path: string): Promise<WalCheckpointer | undefined> {
  const checkpointer = await startWalCheckpointer(path).catch(() => undefined);
  if (checkpointer) native.pragma('wal_autocheckpoint = 0');
  return checkpointer;
}

async function openPostgres(url: string, schema: string, poolSize: number, readOnly: boolean): Promise<Database> {
  const problem = schemaNameProblem(schema);
  if (problem) throw new Error(`invalid schema name '${schema}': ${problem}`);
  const { kysely: db, pool } = postgresPool(url, schema, poolSize, readOnly);
  if (!readOnly)
    try {
      // Under the migration lock: two processes creating one schema at once would collide in pg_namespace.
      await underMigrationLock(db, 'postgres', (conn) => sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(conn));
    } catch (error) {
      await db.destroy();
      throw translateSqlError(error);
    }
  return {
    db,
    dialect: 'postgres',
    templates: new Map(),
    schema,
    poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize }),
    openSession: () => postgresPool(url, schema, 1, readOnly).kysely,
    close: () => db.destroy(),
  };
}

function postgresPool(url: string, schema: string, max: number, readOnly: boolean): { kysely: Db; pool: pg.Pool } {
  const { connectionString, options } = pgPoolOptions(url, schema);
  const pool = new pg.Pool({ connectionString, options: readOnly ? `${options} -c default_transaction_read_only=on` : options, max });
  pool.on('error', () => undefined); // idle-client errors surface on the next query instead of crashing the process
  // A checked-out client whose connection drops (the database stopped) emits 'error' with no listener of the pool's;
  // unhandled, that ends the process. Its query fails anyway, and the pool drops the client when it is released.
  pool.on('connect', (client) => void client.on('error', () => undefined));
  // A query on a connection that dropped fails with a plain Error: the watched pool marks it ConnectionLost (503).
  return { kysely: new Kysely<DynamicTables>({ dialect: new PostgresDialect({ pool: watchConnections(pool) }) }), pool };
}
