import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SelectQueryNode, SqliteDialect, type DatabaseConnection, type Driver, type QueryCompiler } from 'kysely';
import { LockWaiter } from './lock-wait.js';

type CompileQuery = QueryCompiler['compileQuery'];

/**
 * Kysely's SQLite dialect whose statements wait for another process's write lock without blocking the event loop
 * (see lock-wait.ts). Transactions begin IMMEDIATE, so a writer takes the lock up front, where waiting is safe, and
 * never fails half-way with SQLITE_BUSY_SNAPSHOT. A rollback after SQLite already rolled back (SQLITE_FULL, I/O
 * errors) is skipped, so the original error is the one reported.
 */
export class LockWaitingSqliteDialect extends SqliteDialect {
  readonly #native: BetterSqlite3.Database;
  readonly #pauses: readonly number[];

  /** `native`: the handle the statements run on (it may be the statement cache's). */
  constructor(native: BetterSqlite3.Database, pauses: readonly number[]) {
    super({ database: native });
    this.#native = native;
    this.#pauses = pauses;
  }

  override createDriver(): Driver {
    // Kysely's SQLite driver implements the savepoint methods that the Driver interface leaves optional.
    return new LockWaitingDriver(super.createDriver() as Required<Driver>, this.#native, new LockWaiter(this.#pauses));
  }
}

class LockWaitingDriver implements Driver {
  readonly #wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(
    private readonly inner: Required<Driver>,
    private readonly native: BetterSqlite3.Database,
    private readonly waiter: LockWaiter,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapped = this.#wrapped.get(connection);
    if (!wrapped) {
      wrapped = {
        executeQuery: (query) => this.waiter.run(() => connection.executeQuery(query), !SelectQueryNode.is(query.query)),
        streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
      };
      this.#wrapped.set(connection, wrapped);
    }
    return wrapped;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.native.inTransaction) await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  savepoint(connection: DatabaseConnection, name: string, compile: CompileQuery): Promise<void> {
    return this.inner.savepoint(connection, name, compile);
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: CompileQuery): Promise<void> {
    return this.inner.rollbackToSavepoint(connection, name, compile);
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: CompileQuery): Promise<void> {
    return this.inner.releaseSavepoint(connection, name, compile);
  }
}
