import Database from 'better-sqlite3';
import { checkRegularFile } from './regular-file.js';
import type { TableReader } from './table-reader.js';

/**
 * Streams a table or view of a SQLite file (opened read-only; the name was checked to be a plain identifier). The
 * path must be a regular file: SQLite opens it on this thread, where a FIFO would block the whole process.
 */
export async function openSqliteTable(path: string, table: string): Promise<TableReader> {
  await checkRegularFile(path);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const statement = db.prepare(`SELECT * FROM "${table}"`);
    const columns = statement.columns().map((c) => c.name);
    async function* rows(): AsyncGenerator<Record<string, unknown>> {
      try {
        for (const row of statement.iterate() as Iterable<Record<string, unknown>>) yield row;
      } finally {
        db.close();
      }
    }
    return { columns, rows: rows() };
  } catch (error) {
    db.close();
    throw error;
  }
}
