import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.js';
import { QueryTemplates } from './query-templates.js';

describe('QueryTemplates', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openDatabase({ kind: 'sqlite', path: ':memory:', url: undefined, schema: 'public', poolSize: 1 });
    await sql`create table t (id text primary key, n integer, note text)`.execute(database.db);
  });
  afterEach(() => database.close());

  it('builds a query once and runs it with each call’s values', async () => {
    const queries = new QueryTemplates();
    let builds = 0;
    const insert = (id: string, n: number, note: string | null) =>
      queries.run(
        database.db,
        'insert',
        (p) => {
          builds++;
          return database.db.insertInto('t').values({ id: p('id'), n: p('n'), note: p('note') });
        },
        { id, n, note },
      );
    await insert('a', 1, 'first');
    await insert('b', 2, null);
    const find = (id: string) => queries.run(database.db, 'find', (p) => database.db.selectFrom('t').selectAll().where('id', '=', p('id')), { id });
    expect((await find('a')).rows).toEqual([{ id: 'a', n: 1, note: 'first' }]);
    expect((await find('b')).rows).toEqual([{ id: 'b', n: 2, note: null }]);
    expect((await find('c')).rows).toEqual([]);
    expect(builds).toBe(1);
  });

  it('shares the compiled statements of a scope between the instances on one database, and on its transactions', async () => {
    let builds = 0;
    const find = (queries: QueryTemplates, db: Database['db']) =>
      queries.run(
        db,
        'find',
        (p) => {
          builds++;
          return db.selectFrom('t').selectAll().where('id', '=', p('id'));
        },
        { id: 'a' },
      );
    const scoped = (scope: string, on: Database = database) => new QueryTemplates(() => ({ database: on, scope }));
    await find(scoped('store'), database.db);
    await database.db.transaction().execute((trx) => find(scoped('store', { ...database, db: trx }), trx));
    expect(builds).toBe(1);
    await find(scoped('another store'), database.db);
    await find(new QueryTemplates(), database.db);
    expect(builds).toBe(3);
  });

  it('reports the rows an update changed, and runs inside a transaction', async () => {
    const queries = new QueryTemplates();
    await database.db.insertInto('t').values({ id: 'a', n: 1, note: null }).execute();
    const bump = (db: Database['db'], id: string, from: number) =>
      queries.run(
        db,
        'bump',
        (p) =>
          db
            .updateTable('t')
            .set({ n: p('to') })
            .where('id', '=', p('id'))
            .where('n', '=', p('from')),
        { id, from, to: from + 1 },
      );
    await expect(database.db.transaction().execute((trx) => bump(trx, 'a', 1))).resolves.toMatchObject({ numAffectedRows: 1n });
    await expect(bump(database.db, 'a', 1)).resolves.toMatchObject({ numAffectedRows: 0n });
    expect(await database.db.selectFrom('t').select('n').executeTakeFirst()).toEqual({ n: 2 });
  });

  it('keeps the values that are not named as they were built', async () => {
    const queries = new QueryTemplates();
    const insert = (id: string) => queries.run(database.db, 'insert', (p) => database.db.insertInto('t').values({ id: p('id'), n: 7, note: null }), { id });
    await insert('a');
    await insert('b');
    expect(await database.db.selectFrom('t').select(['id', 'n']).orderBy('id').execute()).toEqual([
      { id: 'a', n: 7 },
      { id: 'b', n: 7 },
    ]);
  });

  it('refuses a run without a named value, and a template whose value Kysely wrote into the SQL text', async () => {
    const queries = new QueryTemplates();
    await expect(queries.run(database.db, 'find', (p) => database.db.selectFrom('t').selectAll().where('id', '=', p('id')), {})).rejects.toThrow("no value for 'id'");
    await expect(
      queries.run(
        database.db,
        'literal',
        (p) =>
          database.db
            .selectFrom('t')
            .selectAll()
            .where('id', '=', sql.lit(p('id'))),
        { id: 'a' },
      ),
    ).rejects.toThrow('id did not become parameters');
  });
});
