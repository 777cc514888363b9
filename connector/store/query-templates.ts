import type { Compilable, CompiledQuery, QueryResult } from 'kysely';
import type { Database, Db } from './database.js';

/** A stand-in for a value: a string no caller's value can be (it starts with NUL, which no column of ours holds). */
const MARK = '\u0000kontor:';

type Slot = { name: string } | { constant: unknown };

interface Template {
  compiled: CompiledQuery;
  slots: Slot[];
}

/**
 * The templates of one database, by store scope: shared by the stores built on it and by those built on its
 * transactions (a change recorder builds stores on each transaction's handle), so each statement is compiled once.
 */
export type TemplateCache = Map<string, Map<string, Template>>;

/**
 * Queries that a store runs over and over with other values, built and compiled by Kysely once and then run as the
 * compiled SQL with the new values: building and compiling a query cost about as much as running it (an UPDATE of a
 * state row: ~80 µs of Kysely against ~60 µs in SQLite). A template is built with `p(name)` wherever a value goes;
 * each run gives every named value. Its SQL must not depend on the values (no `in (…)` lists, no `is null` on a value):
 * those stay ordinary queries. The compiled SQL is the database's dialect's; `scope` names the store (keys are its own).
 */
export class QueryTemplates {
  private cache: Map<string, Template> | undefined;

  /**
   * `owner`: the database whose cache to share and the store's scope in it, asked at the first run (a store's field
   * initialiser runs before its constructor's parameters are set). Without a database, the templates are this instance's.
   */
  constructor(private readonly owner: () => { database?: Pick<Database, 'templates'> | undefined; scope: string } = () => ({ scope: '' })) {}

  private get templates(): Map<string, Template> {
    if (!this.cache) {
      const { database, scope } = this.owner();
      const shared = database?.templates;
      this.cache = shared?.get(scope) ?? new Map<string, Template>();
      shared?.set(scope, this.cache);
    }
    return this.cache;
  }

  /** Runs the template `key` (built by `build` the first time) with `values`, on `db` (a transaction or not). */
  async run(db: Db, key: string, build: (p: (name: string) => string) => Compilable, values: Readonly<Record<string, unknown>>): Promise<QueryResult<Record<string, unknown>>> {
    let template = this.templates.get(key);
    if (!template) {
      template = compileTemplate(build);
      this.templates.set(key, template);
    }
    const parameters = template.slots.map((slot) => {
      if (!('name' in slot)) return slot.constant;
      const value = values[slot.name];
      if (value === undefined) throw new Error(`query template '${key}': no value for '${slot.name}'`);
      return value;
    });
    return db.executeQuery<Record<string, unknown>>({ ...template.compiled, parameters });
  }

  /** `SELECT * FROM table WHERE column = value`: the first row, or undefined. */
  async findRow(db: Db, table: string, column: string, value: unknown): Promise<Record<string, unknown> | undefined> {
    const { rows } = await this.run(db, `find ${table} by ${column}`, (p) => db.selectFrom(table).selectAll().where(column, '=', p('value')), { value });
    return rows[0];
  }
}

function compileTemplate(build: (p: (name: string) => string) => Compilable): Template {
  const names = new Set<string>();
  const compiled = build((name) => {
    names.add(name);
    return `${MARK}${name}`;
  }).compile();
  const slots = compiled.parameters.map((value): Slot => (typeof value === 'string' && value.startsWith(MARK) ? { name: value.slice(MARK.length) } : { constant: value }));
  const bound = new Set(slots.flatMap((s) => ('name' in s ? [s.name] : [])));
  const lost = [...names].filter((n) => !bound.has(n));
  // A value Kysely put into the SQL text instead of a parameter would be frozen at its first value: refused.
  if (lost.length > 0) throw new Error(`query template: ${lost.join(', ')} did not become parameters`);
  return { compiled, slots };
}
