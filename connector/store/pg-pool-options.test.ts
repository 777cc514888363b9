import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { isConnectorError } from '../../core/index.js';
import { TEST_PG_URL } from '../../test/helpers/test-database.js';
import { openDatabase } from './database.js';
import { pgPoolOptions } from './pg-pool-options.js';

describe('pgPoolOptions', () => {
  it('should set the search_path alone when the URL has no options', () => {
    expect(pgPoolOptions('postgres://u@h:5432/db?sslmode=disable', 's1')).toEqual({ connectionString: 'postgres://u@h:5432/db?sslmode=disable', options: '-c search_path=s1' });
    expect(pgPoolOptions('postgres://u@h/db', 's1')).toEqual({ connectionString: 'postgres://u@h/db', options: '-c search_path=s1' });
  });

  it("should keep the URL's own options, and its other parameters, and set the search_path after them", () => {
    const url = 'postgres://u@h/db?application_name=k&options=-c%20statement_timeout%3D5000&sslmode=disable&options=-c+lock_timeout%3D100';
    expect(pgPoolOptions(url, 's1')).toEqual({
      connectionString: 'postgres://u@h/db?application_name=k&sslmode=disable',
      options: '-c statement_timeout=5000 -c lock_timeout=100 -c search_path=s1',
    });
    expect(pgPoolOptions('postgres://u@h/db?options=-c%20a%3Db', 's1').connectionString).toBe('postgres://u@h/db');
  });

  it('should refuse options that set the search_path, naming store.url and store.schema', () => {
    expect(() => pgPoolOptions('postgres://u@h/db?options=-c%20search_path%3Dpublic', 's1')).toThrow(/store\.url .*search_path.*store\.schema/);
  });

  it('should refuse options loadConfig refuses with CONFIG_INVALID naming store.url, should a caller have skipped it', () => {
    const thrown = (() => {
      try {
        pgPoolOptions('postgres://u:PGSECRETPW@h/db?options=-c%20statement_timeout%3Dabc', 's1');
      } catch (error) {
        return error;
      }
      throw new Error('expected the options to be refused');
    })();
    expect(isConnectorError(thrown) && [thrown.code, thrown.message, thrown.violations.map((v) => v.pointer)]).toEqual([
      'CONFIG_INVALID',
      'store.url (KONTOR_STORE_URL) sets statement_timeout=abc in its options parameter, which is not a duration: give milliseconds or a number with a unit (5000, 5s, 1min)',
      ['store.url'],
    ]);
  });
});

describe.skipIf(!TEST_PG_URL)(`a store URL with options on PostgreSQL${TEST_PG_URL ? '' : ' (skipped: KONTOR_TEST_PG_URL is not set)'}`, () => {
  it('should work in store.schema and apply the options of the URL', async () => {
    const base = TEST_PG_URL?.split('?')[0] ?? '';
    const schema = `kontor_opt_${process.pid}`;
    const database = await openDatabase({ kind: 'postgres', path: '', url: `${base}?options=-c%20statement_timeout%3D4321`, schema, poolSize: 1 });
    try {
      const { rows } = await sql<{ sp: string; st: string }>`SELECT current_setting('search_path') AS sp, current_setting('statement_timeout') AS st`.execute(database.db);
      expect(rows[0]).toEqual({ sp: schema, st: '4321ms' });
    } finally {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(database.db);
      await database.close();
    }
  });

  it('should open a reader read-only: no schema created, every write refused, reads answered', async () => {
    const schema = `kontor_ro_${process.pid}`;
    const config = { kind: 'postgres' as const, path: '', url: TEST_PG_URL, schema, poolSize: 1 };
    const reader = await openDatabase(config, { readOnly: true });
    const exists = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = ${schema}`.execute(reader.db)).rows[0]?.n;
    try {
      expect(await exists()).toBe(0);
      const writer = await openDatabase(config);
      await sql`CREATE TABLE t (v int)`.execute(writer.db);
      await sql`INSERT INTO t VALUES (1)`.execute(writer.db);
      await writer.close();
      expect((await sql<{ v: number }>`SELECT v FROM t`.execute(reader.db)).rows).toEqual([{ v: 1 }]);
      await expect(sql`INSERT INTO t VALUES (2)`.execute(reader.db)).rejects.toThrow(/read-only transaction/);
    } finally {
      const admin = await openDatabase({ ...config, schema: 'public' });
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(admin.db);
      await admin.close();
      await reader.close();
    }
  });
});
