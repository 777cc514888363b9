import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { ConnectionLost } from './pg-connection-loss.js';
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
    ['42P01', 'schema is missing or older than this build', 30],
    ['3F000', 'schema is missing or older than this build', 30],
    ['SQLITE_NOTADB', 'is not a SQLite database', 30],
    ['SQLITE_CORRUPT', 'is corrupt', 30],
    ['SQLITE_CANTOPEN_ISDIR', 'cannot be opened', 30],
    ['SQLITE_READONLY', 'read-only', 30],
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
    expect(translateSqlError(driverError('42703')).code).toBe('INTERNAL');
    expect(translateSqlError(new pg.DatabaseError('Connection terminated unexpectedly', 0, 'error')).code).toBe('INTERNAL');
    expect(translateSqlError(new Error('something else')).code).toBe('INTERNAL');
  });
});

describe('translateSqlError: what the driver reports without a code', () => {
  it.each([
    ['a connection lost under a query', new ConnectionLost(new Error('Connection terminated unexpectedly'))],
    ['node-pg dropping the connection', new Error('Connection terminated unexpectedly')],
    ['a broken client used again', new Error('Client has encountered a connection error and is not queryable')],
    ['a connect timeout', new Error('Connection terminated due to connection timeout')],
    ['the pool waiting too long', new Error('timeout exceeded when trying to connect')],
  ])('should make %s a 503 STORE_UNAVAILABLE (the database cannot be reached)', (_, error) => {
    const translated = translateSqlError(error, 'the asset store');
    expect(translated.code).toBe('STORE_UNAVAILABLE');
    expect(translated.retryable).toBe(true);
    expect(translated.retryAfterSeconds).toBe(5);
    expect(translated.detail).toBe('the asset store is unavailable: the database cannot be reached (CONNECTION_LOST)');
  });

  it("should make SQLite's missing table a 503 saying the schema is missing or older than this build", () => {
    const translated = translateSqlError(driverError('SQLITE_ERROR', 'no such table: contract_negotiations'));
    expect(translated.code).toBe('STORE_UNAVAILABLE');
    expect(translated.detail).toContain('the schema is missing or older than this build');
    expect(translateSqlError(driverError('SQLITE_ERROR', 'near "x": syntax error')).code).toBe('INTERNAL');
  });
});
