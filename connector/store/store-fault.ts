import { isConnectionLoss } from './pg-connection-loss.js';

/**
 * Faults of the machine under the store, by driver code (SQLite, Node's system errors, PostgreSQL SQLSTATE): each is
 * temporary from the caller's view (the operator or the machine fixes it, not the request), so it becomes
 * STORE_UNAVAILABLE (503) with a `Retry-After` of its own, and its reason names the real cause in the log.
 */
export interface StoreFault {
  reason: string;
  retryAfterSeconds: number;
}

const LOCKED: StoreFault = { reason: 'the database is locked by another writer', retryAfterSeconds: 1 };
const FULL: StoreFault = { reason: 'the disk is full', retryAfterSeconds: 30 };
const IO: StoreFault = { reason: 'the disk failed a read or a write', retryAfterSeconds: 30 };
/** A PostgreSQL server that does not answer (at start-up: its address, from store.url, is named). */
export const DOWN: StoreFault = { reason: 'the database cannot be reached', retryAfterSeconds: 5 };
const COLLIDED: StoreFault = { reason: 'concurrent transactions collided', retryAfterSeconds: 1 };
const RESOURCES: StoreFault = { reason: 'the database server is short of resources', retryAfterSeconds: 5 };
/** Tables or the schema are gone (DROP SCHEMA, another file) or the database was not migrated to this build. */
export const SCHEMA_MISSING: StoreFault = { reason: 'the schema is missing or older than this build (see store.migrate)', retryAfterSeconds: 30 };
const FILE = (what: string): StoreFault => ({ reason: `the database file ${what}`, retryAfterSeconds: 30 });

const BY_CODE: Readonly<Record<string, StoreFault>> = {
  SQLITE_BUSY: LOCKED,
  SQLITE_LOCKED: LOCKED,
  SQLITE_FULL: FULL,
  SQLITE_IOERR: IO,
  SQLITE_NOTADB: FILE('is not a SQLite database'),
  SQLITE_CORRUPT: FILE('is corrupt'),
  SQLITE_CANTOPEN: FILE('cannot be opened'),
  SQLITE_READONLY: FILE('cannot be written (read-only)'),
  SQLITE_PERM: FILE('may not be accessed'),
  EISDIR: FILE('is a directory'),
  EACCES: FILE('may not be accessed'),
  EROFS: FILE('is on a read-only file system'),
  ENOSPC: FULL,
  EDQUOT: FULL,
  EIO: IO,
  ECONNREFUSED: DOWN,
  ECONNRESET: DOWN,
  ETIMEDOUT: DOWN,
  ENOTFOUND: DOWN,
  EAI_AGAIN: DOWN,
  '53100': FULL, // disk_full
  '53200': { reason: 'the database server is out of memory', retryAfterSeconds: 5 },
  '53300': { reason: 'the database server has too many connections', retryAfterSeconds: 5 },
  '58030': IO, // io_error
  '57P01': DOWN,
  '57P02': DOWN,
  '57P03': DOWN, // the server shuts down or is starting
  '40001': COLLIDED,
  '40P01': COLLIDED, // serialization failure, deadlock
  '42P01': SCHEMA_MISSING, // undefined_table
  '3F000': SCHEMA_MISSING, // invalid_schema_name
  CONNECTION_LOST: DOWN, // pg-connection-loss.ts
};

/** The fault a driver code stands for; SQLite's extended codes (SQLITE_IOERR_WRITE) count as their primary code. */
export function storeFault(code: string): StoreFault | undefined {
  const direct = BY_CODE[code];
  if (direct) return direct;
  if (code.startsWith('SQLITE_')) return BY_CODE[code.split('_').slice(0, 2).join('_')];
  if (code.startsWith('08')) return DOWN; // connection exception
  if (code.startsWith('53')) return RESOURCES; // insufficient resources
  return undefined;
}

/**
 * The fault behind a driver error and the code to log with it: by its code first; then what carries none, a lost
 * PostgreSQL connection (pg-connection-loss.ts) and SQLite's missing table (SQLITE_ERROR, told apart by its message).
 */
export function storeFaultOf(error: unknown): { fault: StoreFault; code: string } | undefined {
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  const byCode = code ? storeFault(code) : undefined;
  if (byCode) return { fault: byCode, code };
  if (isConnectionLoss(error)) return { fault: DOWN, code: 'CONNECTION_LOST' };
  const message = String((error as { message?: unknown } | undefined)?.message ?? '');
  if (code === 'SQLITE_ERROR' && message.startsWith('no such table:')) return { fault: SCHEMA_MISSING, code };
  return undefined;
}
