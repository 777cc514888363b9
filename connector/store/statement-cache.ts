import type BetterSqlite3 from 'better-sqlite3';

/**
 * The SQLite handle Kysely sees, with prepared statements kept by their SQL text (least recently used first out):
 * Kysely prepares every query anew, and preparing cost as much as running it. Statements are run to completion
 * (`all`, `run`) before the next query on the one connection, so a cached statement is never busy when reused.
 */
export function withStatementCache(native: BetterSqlite3.Database, size = 500): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string): BetterSqlite3.Statement => {
    const hit = cache.get(sql);
    if (hit) {
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    const statement = native.prepare(sql);
    cache.set(sql, statement);
    if (cache.size > size) cache.delete(cache.keys().next().value as string);
    return statement;
  };
  return new Proxy(native, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
