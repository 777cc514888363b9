import type { Compilable, CompiledQuery, QueryResult } from 'kysely';
import type { Db } from './database.js';

/** A stand-in for a value: a string no caller's value can be (it starts with NUL, which no column of ours holds). */
const MARK = '\u0000kontor:';

type Slot = { name: string } | { constant: unknown };

interface Template {
  compiled: CompiledQuery;
  slots: Slot[];
}

/**
 * Queries that a store runs over and over with other values, built and compiled by Kysely once and then run as the
 * compiled SQL with the new values: building and compiling a query cost about as much as running it (an UPDATE of a
 * state row: ~80 µs of Kysely against ~60 µs in SQLite). A template is built with `p(name)` wherever a value goes;
 * each run gives every named value. Its SQL must not depend on the values (no `in (…)` lists, no `is null` on a value):
 * those stay ordinary queries. One instance per store, so per dialect: the SQL text is the dialect's.
 */
export class QueryTemplates {
  private readonly templates = new Map<string, Template>();

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
