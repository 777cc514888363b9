import { describe, expect, it } from 'vitest';
import { translateSqlError } from './sql-errors.js';

const driverError = (code: string, message = 'driver says no') => Object.assign(new Error(message), { code });

describe('translateSqlError: faults of the machine', () => {
  it.each([
    ['SQLITE_BUSY', 'locked by another writer', 1],
    ['SQLITE_BUSY_SNAPSHOT', 'locked by another writer', 1],
    ['SQLITE_LOCKED', 'locked by another writer', 1],
    ['SQLITE_FULL', 'the disk is full', 30],
    ['SQLITE_IOERR', 'failed a read or a write', 30],
    ['SQLITE_IOERR_WRITE', 'failed a read or a write', 30],
    ['ENOSPC', 'the disk is full', 30],
    ['53100', 'the disk is full', 30],
    ['53300', 'too many connections', 5],
    ['53200', 'out of memory', 5],
    ['53400', 'short of resources', 5],
    ['58030', 'failed a read or a write', 30],
    ['57P03', 'cannot be reached', 5],
    ['08006', 'cannot be reached', 5],
    ['ECONNREFUSED', 'cannot be reached', 5],
    ['40P01', 'collided', 1],
  ])('should make %s a 503 STORE_UNAVAILABLE naming the cause, with Retry-After', (code, reason, retryAfter) => {
    const error = translateSqlError(driverError(code), 'the asset store');
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.kind).toBe('unavailable');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterSeconds).toBe(retryAfter);
    expect(error.detail).toContain(reason);
    expect(error.detail).toContain(`(${code})`);
  });

  it('should keep constraint errors as conflicts and anything unknown internal', () => {
    expect(translateSqlError(driverError('SQLITE_CONSTRAINT_UNIQUE')).code).toBe('ALREADY_EXISTS');
    expect(translateSqlError(driverError('23503')).code).toBe('STILL_REFERENCED');
    expect(translateSqlError(driverError('SQLITE_ERROR')).code).toBe('INTERNAL');
    expect(translateSqlError(driverError('42P01')).code).toBe('INTERNAL');
  });
});
