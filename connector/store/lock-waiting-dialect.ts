import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SelectQueryNode, SqliteDialect, type DatabaseConnection, type Driver, type QueryCompiler } from 'kysely';
import { LockWaiter } from './lock-wait.js';

/** Refuses every statement while the store may not be used (store-file-watch.ts: its file removed or replaced). */
export interface StatementGuard {
  /** The error to fail a statement with, or undefined to run it: a cheap test, made before every statement. */
  refusal(): Error | undefined;
}

type CompileQuery = QueryCompiler['compileQuery'];

/**
 * Kysely's SQLite dialect whose statements wait for another process's write lock without blocking the event loop
 * (see lock-wait.ts). Transactions begin IMMEDIATE, so a writer takes the lock up front, where waiting is safe, and
 * never fails half-way with SQLITE_BUSY_SNAPSHOT. A rollback after SQLite already rolled back (SQLITE_FULL, I/O
 * errors) is skipped, so the original error is the one reported. With a `guard`, a statement it refuses is not run
 * (a ROLLBACK still is: it writes nothing, and ends the transaction the refusal broke off).
 */
export class LockWaitingSqliteDialect extends SqliteDialect {
  readonly #native: BetterSqlite3.Database;
  readonly #pauses: readonly number[];
  readonly #guard: StatementGuard | undefined;

  /** `native`: the handle the statements run on (it may be the statement cache's). */
  constructor(native: BetterSqlite3.Database, pauses: readonly number[], guard?: StatementGuard) {
    super({ database: native });
    this.#native = native;
    this.#pauses = pauses;
    this.#guard = guard;
  }

  override createDriver(): Driver {
    // Kysely's SQLite driver implements the savepoint methods that the Driver interface leaves optional.
    return new LockWaitingDriver(super.createDriver() as Required<Driver>, this.#native, new LockWaiter(this.#pauses), this.#guard);
  }
}

class LockWaitingDriver implements Driver {
  readonly #wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
  /** The driver's own connection behind each wrapped one (a ROLLBACK runs on it, past the guard). */
  readonly #unwrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(
    private readonly inner: Required<Driver>,
    private readonly native: BetterSqlite3.Database,
    private readonly waiter: LockWaiter,
    private readonly guard: StatementGuard | undefined,
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
        executeQuery: (query) => {
          const refused = this.guard?.refusal();
          if (refused) return Promise.reject(refused);
          return this.waiter.run(() => connection.executeQuery(query), !SelectQueryNode.is(query.query));
        },
        streamQuery: (query, chunkSize) => {
          const refused = this.guard?.refusal();
          if (refused) throw refused;
          return connection.streamQuery(query, chunkSize);
        },
      };
      this.#wrapped.set(connection, wrapped);
      this.#unwrapped.set(wrapped, connection);
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
    if (!this.native.inTransaction) return;
    const past = this.guard?.refusal() ? this.#unwrapped.get(connection) : undefined; // a refused store still rolls back
    await (past ?? connection).executeQuery(CompiledQuery.raw('rollback'));
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
