/**
 * Faults of the machine under the store, by driver code (SQLite, Node's system errors, PostgreSQL SQLSTATE): each is
 * temporary from the caller's view, so it becomes STORE_UNAVAILABLE (503) with a `Retry-After` of its own, and its
 * reason names the real cause in the log.
 */
export interface StoreFault {
  reason: string;
  retryAfterSeconds: number;
}

const LOCKED: StoreFault = { reason: 'the database is locked by another writer', retryAfterSeconds: 1 };
const FULL: StoreFault = { reason: 'the disk is full', retryAfterSeconds: 30 };
const IO: StoreFault = { reason: 'the disk failed a read or a write', retryAfterSeconds: 30 };
const DOWN: StoreFault = { reason: 'the database cannot be reached', retryAfterSeconds: 5 };
const COLLIDED: StoreFault = { reason: 'concurrent transactions collided', retryAfterSeconds: 1 };
const RESOURCES: StoreFault = { reason: 'the database server is short of resources', retryAfterSeconds: 5 };

const BY_CODE: Readonly<Record<string, StoreFault>> = {
  SQLITE_BUSY: LOCKED,
  SQLITE_LOCKED: LOCKED,
  SQLITE_FULL: FULL,
  SQLITE_IOERR: IO,
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
