import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { openRegularFile } from './regular-file.js';
import type { TableReader } from './table-reader.js';

/** The longest record (one line's cells together) a CSV file may hold: a longer one is an error, never buffered. */
export const MAX_CSV_RECORD_BYTES = 1 << 20;

/** csv-parse's record-size error, told as what it is: the line and the bound. */
function recordTooLong(error: Error & { code?: string; lines?: number }): Error {
  if (error.code !== 'CSV_MAX_RECORD_SIZE') return error;
  return new Error(`line ${error.lines ?? '?'} holds a record longer than ${MAX_CSV_RECORD_BYTES} bytes (1 MiB), the most a CSV record may hold`);
}

/**
 * Streams a CSV file with csv-parse: the first line names the columns, every later line is a row (cells as text,
 * trimmed; a line with another number of cells than the header is an error, as is a record above 1 MiB, a file that
 * cannot be opened, and a path that is not a regular file).
 */
export async function openCsvTable(path: string, delimiter = ','): Promise<TableReader> {
  let header: string[] = [];
  const handle = await openRegularFile(path);
  const parser = parse({
    delimiter,
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: false,
    max_record_size: MAX_CSV_RECORD_BYTES,
    columns: (names: string[]) => (header = names.map((n) => String(n).trim())),
  });
  // An error on either side ends both (the file is closed); it reaches the reader through the parser's iterator.
  pipeline(handle.createReadStream(), parser, () => {});
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<Record<string, string>>;
  const next = () => iterator.next().catch((error: Error) => Promise.reject(recordTooLong(error)));
  const first = await next();
  async function* rows(): AsyncGenerator<Record<string, unknown>> {
    if (first.done) return;
    yield first.value;
    for (let row = await next(); !row.done; row = await next()) yield row.value;
  }
  return { columns: header, rows: rows() };
}
