import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { ConnectionLost } from './pg-connection-loss.js';
import { translateSqlError } from './sql-errors.js';

/** A server error as node-pg gives it when a connection is refused at start-up. */
const serverError = (code: string, message: string) => Object.assign(new pg.DatabaseError(message, 0, 'error'), { code, severity: 'FATAL' });

describe('translateSqlError: PostgreSQL refusing store.url', () => {
  it.each([
    ['a wrong password', serverError('28P01', 'password authentication failed for user "kontor"'), 'PostgreSQL refused the user name or password given in store.url (28P01)'],
    [
      'an unknown role',
      serverError('28000', 'role "nouser" does not exist'),
      'PostgreSQL refused the user given in store.url (role "nouser" does not exist): check the user and pg_hba.conf (28000)',
    ],
    [
      'a missing database',
      serverError('3D000', 'database "nosuchdb" does not exist'),
      'the database named in store.url does not exist (database "nosuchdb" does not exist) (3D000)',
    ],
    [
      'a missing sslcert file',
      Object.assign(new Error("ENOENT: no such file or directory, open '/nope'"), { code: 'ENOENT', syscall: 'open', path: '/nope' }),
      "the file '/nope' named in store.url (sslcert, sslkey or sslrootcert) does not exist (ENOENT)",
    ],
    [
      'a server without SSL',
      new ConnectionLost(new Error('The server does not support SSL connections')),
      'the SSL connection to PostgreSQL failed (The server does not support SSL connections): check sslmode and the certificates in store.url (SSL)',
    ],
    [
      'an untrusted certificate',
      Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      'the SSL connection to PostgreSQL failed (self-signed certificate): check sslmode and the certificates in store.url (DEPTH_ZERO_SELF_SIGNED_CERT)',
    ],
  ])('should name store.url and the reason for %s', (_, error, reason) => {
    const translated = translateSqlError(error);
    expect(translated.code).toBe('STORE_UNAVAILABLE');
    expect(translated.detail).toBe(`the store cannot be used: ${reason}`);
    expect(translated.cause).toBe(error);
  });

  it('should keep the driver code of an error it does not know', () => {
    expect(translateSqlError(serverError('XX000', 'internal error')).detail).toBe('a store operation failed (driver code XX000)');
    expect(translateSqlError(new Error('no code')).detail).toBe('a store operation failed');
  });

  it('should leave a lost connection a lost connection', () => {
    expect(translateSqlError(new ConnectionLost(new Error('Connection terminated unexpectedly'))).detail).toContain('cannot be reached');
  });
});
