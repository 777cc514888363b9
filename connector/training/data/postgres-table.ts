import pg from 'pg';
import { readSmallRegularFile } from './regular-file.js';
import type { TableReader } from './table-reader.js';

const BATCH = 1000;
/** The most a secret file with a database URL may hold. */
const URL_FILE_MAX_BYTES = 64 * 1024;
/** A table or view name, optionally schema-qualified, quoted for SQL (the address check allows only plain identifiers). */
const quoted = (table: string) =>
  table
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');

/**
 * Streams a table or view of a PostgreSQL database whose URL is read from a secret file (the URL is never stored in
 * the asset; a regular file of at most 64 KiB): a read-only transaction with a server-side cursor, fetched in batches of 1 000 rows.
 */
export async function openPostgresTable(urlFile: string, table: string): Promise<TableReader> {
  const url = await readSmallRegularFile(urlFile, URL_FILE_MAX_BYTES).catch((error: Error) => {
    throw Object.assign(new Error(error.message), { field: 'urlFile' });
  });
  const client = new pg.Client({ connectionString: url.trim() });
  await client.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`DECLARE kontor_rows NO SCROLL CURSOR FOR SELECT * FROM ${quoted(table)}`);
    const first = await client.query<Record<string, unknown>>(`FETCH ${BATCH} FROM kontor_rows`);
    async function* rows(): AsyncGenerator<Record<string, unknown>> {
      try {
        for (let batch = first; ; batch = await client.query<Record<string, unknown>>(`FETCH ${BATCH} FROM kontor_rows`)) {
          yield* batch.rows;
          if (batch.rows.length < BATCH) break;
        }
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
    }
    return { columns: first.fields.map((f) => f.name), rows: rows() };
  } catch (error) {
    await client.end();
    throw error;
  }
}
