import { hostname } from 'node:os';
import { resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ConnectorError, type Clock } from '../../core/index.js';
import { preparePrivateFile } from './private-file.js';

/** Held by the connector running on a SQLite store until it stops; the operating system drops it with the process. */
export interface SqliteProcessLock {
  release(): void;
}

/** Who holds a store's lock, as the holder wrote it. */
interface Holder {
  pid: number;
  host: string;
}

/** The lock file beside a SQLite store: `<store.path>.lock`, a small SQLite database of its own. */
export const lockFileOf = (path: string): string => `${resolve(path)}.lock`;

/**
 * Takes the one place a connector has on a SQLite store (a SQLite store serves one process: each process would run
 * its own state machines, duty timers and publishing on the same rows, with a replay cache and cluster events of its
 * own). The lock is SQLite's own on `<store.path>.lock`, never on the store itself, so that `kontor audit verify`,
 * `kontor data inspect` and the like still read the store while the connector runs: an open write transaction (a
 * RESERVED lock, which readers pass) that the holder keeps until `release`. The operating system drops the lock with
 * the process however it ends (SIGKILL, a crash, a power cut): a stale lock never blocks the next start, and no
 * process id is trusted to say whether its owner still runs. The holder's pid and host are written (committed) in the
 * lock file before it takes the lock again for good, so that a refused start names them.
 * Throws STORE_UNAVAILABLE naming the other process and the path when the lock is held.
 */
export function lockSqliteStore(path: string, clock: Clock): SqliteProcessLock {
  const file = lockFileOf(path);
  preparePrivateFile(file);
  const native = new BetterSqlite3(file, { timeout: 0 });
  try {
    if (!tryToHold(native)) throw refusal(path, holderOf(native));
    native.pragma('busy_timeout = 2000'); // a refused start reading the holder's row holds the file for a moment
    native.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, host TEXT NOT NULL, since INTEGER NOT NULL)');
    native.exec('DELETE FROM holder');
    native.prepare('INSERT INTO holder (pid, host, since) VALUES (?, ?, ?)').run(process.pid, hostname(), clock.now());
    native.exec('COMMIT');
    native.pragma('busy_timeout = 0');
    // Another start may have taken it between the commit and now: then it is that one's.
    if (!tryToHold(native)) throw refusal(path, holderOf(native));
  } catch (error) {
    if (native.inTransaction) native.exec('ROLLBACK');
    native.close();
    if (error instanceof ConnectorError) throw error;
    const code = (error as { code?: unknown }).code;
    throw new ConnectorError('STORE_UNAVAILABLE', {
      detail: `the lock file ${file} beside store.path cannot be used: ${(error as Error).message}${code ? ` (${String(code)})` : ''}; remove it while no connector runs on the store`,
      cause: error,
    });
  }
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      if (native.inTransaction) native.exec('ROLLBACK');
      native.close();
    },
  };
}

/** Begins the write transaction that is the lock; false when another connection has one. */
function tryToHold(native: BetterSqlite3.Database): boolean {
  try {
    native.exec('BEGIN IMMEDIATE');
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return false;
    throw error;
  }
}

/** The holder's row (readers pass its lock); undefined should it not be readable yet. */
function holderOf(native: BetterSqlite3.Database): Holder | undefined {
  try {
    native.pragma('busy_timeout = 500');
    return native.prepare('SELECT pid, host FROM holder').get() as Holder | undefined;
  } catch {
    return undefined;
  }
}

function refusal(path: string, holder: Holder | undefined): ConnectorError {
  const where = resolve(path);
  const here = holder !== undefined && holder.host === hostname();
  const who =
    holder === undefined
      ? 'another kontor process'
      : here && holder.pid === process.pid
        ? `another connector in this process (pid ${holder.pid})`
        : `another kontor process (pid ${holder.pid}${here ? '' : ` on host ${holder.host}`})`;
  return new ConnectorError('STORE_UNAVAILABLE', {
    detail: `${who} uses ${where} (store.path): a SQLite store serves one process; stop that one first, or run replicas on PostgreSQL (commands that only read the store, such as kontor audit verify, may run beside it)`,
  });
}
