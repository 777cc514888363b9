import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ConnectorError, isConnectorError } from '../../core/index.js';
import { TEST_PG_URL } from '../../test/helpers/test-database.js';
import { openDatabase } from './database.js';
import { storeOpenError } from './store-open-error.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-store-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What opening the store throws, as `kontor start` reports it. */
async function openingFails(config: Parameters<typeof openDatabase>[0]) {
  const thrown = await openDatabase(config).then(
    async (db) => {
      await db.close();
      throw new Error('expected the store not to open');
    },
    (error: unknown) => error,
  );
  return storeOpenError(config, thrown, 'opening');
}

/** Docs-truth review item 5: start-up store failures are STORE_UNAVAILABLE naming the setting and the reason (docs/errors.md). */
describe('storeOpenError', () => {
  it('should name store.path and the reason when the SQLite folder cannot be created', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const error = await openingFails({ kind: 'sqlite', path: join(file, 'sub', 'kontor.db'), url: undefined, schema: 'public', poolSize: 1 });
    expect(isConnectorError(error) && error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toMatch(/^opening the SQLite store '.*kontor\.db' \(store\.path\) failed: ENOTDIR: not a directory, mkdir '.*a-file' \(its folder cannot be created\)$/);
  });

  it('should call a SQLite store.path that is a folder a directory, whatever SQLite says of it', async () => {
    const folder = join(dir, 'a-folder.db');
    mkdirSync(folder);
    const config = { kind: 'sqlite' as const, path: folder, url: undefined, schema: 'public', poolSize: 1 };
    const said = `the SQLite store '${folder}' (store.path) cannot be opened: it is a directory, not a SQLite database file`;
    const writable = await openingFails(config);
    expect([writable.code, writable.message]).toEqual(['STORE_UNAVAILABLE', said]);
    // Read-only, SQLite takes the folder and fails only when it first reads it, as a disk I/O error.
    const thrown = (() => {
      try {
        new BetterSqlite3(folder, { readonly: true, fileMustExist: true }).prepare('SELECT 1 FROM sqlite_master').get();
      } catch (error) {
        return error;
      }
      throw new Error('expected reading a folder to fail');
    })();
    expect((thrown as { code?: unknown }).code).toBe('SQLITE_IOERR_READ');
    const readOnly = storeOpenError(config, thrown, 'reading the migration level of');
    expect([readOnly.code, readOnly.message]).toEqual(['STORE_UNAVAILABLE', said]);
  });

  it('should name store.url, never the URL, when the PostgreSQL server does not answer', async () => {
    const url = 'postgres://kontor:PGSECRETPW@127.0.0.1:1/kontor';
    const error = await openingFails({ kind: 'postgres', path: '', url, schema: 'site_a', poolSize: 1 });
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toBe('the PostgreSQL server named in store.url is unavailable: the database cannot be reached (ECONNREFUSED)');
    expect(JSON.stringify({ message: error.message, detail: error.detail })).not.toContain('PGSECRETPW');
  });

  it("should give the PostgreSQL server's message and SQLSTATE, cutting out the URL and its password should it repeat them", () => {
    const url = 'postgres://kontor:PG%2FSECRET@127.0.0.1:5432/kontor';
    const config = { kind: 'postgres' as const, path: '', url, schema: 'site_a' };
    const refused = Object.assign(new pg.DatabaseError('invalid value for parameter "statement_timeout": "abc"', 0, 'error'), { code: '22023' });
    const wrapped = new ConnectorError('INTERNAL', { detail: 'a store operation failed (driver code 22023)', cause: refused });
    expect(storeOpenError(config, wrapped, 'opening').message).toBe(
      `opening the PostgreSQL store, schema 'site_a' (store.schema) failed: the server said: invalid value for parameter "statement_timeout": "abc" (SQLSTATE 22023)`,
    );
    const echoing = new Error(`cannot use ${url} (password PG/SECRET)`);
    const said = storeOpenError(config, echoing, 'migrating').message;
    expect(said).toBe("migrating the PostgreSQL store, schema 'site_a' (store.schema) failed: cannot use [redacted] (password [redacted])");
  });
});

describe.skipIf(!TEST_PG_URL)(`storeOpenError on a PostgreSQL server${TEST_PG_URL ? '' : ' (skipped: KONTOR_TEST_PG_URL is not set)'}`, () => {
  it('should say why the server refused the options of store.url', async () => {
    const base = TEST_PG_URL?.split('?')[0] ?? '';
    const error = await openingFails({ kind: 'postgres', path: '', url: `${base}?options=-c%20kontor_no_such_setting%3D1`, schema: 'site_a', poolSize: 1 });
    expect([error.code, error.message]).toEqual([
      'INTERNAL',
      `opening the PostgreSQL store, schema 'site_a' (store.schema) failed: the server said: unrecognized configuration parameter "kontor_no_such_setting" (SQLSTATE 42704)`,
    ]);
  });
});
