import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { TableReader } from './table-reader.js';

/**
 * Streams a CSV file with csv-parse: the first line names the columns, every later line is a row (cells as text,
 * trimmed; a line with another number of cells than the header is an error, as is a file that cannot be opened).
 */
export async function openCsvTable(path: string, delimiter = ','): Promise<TableReader> {
  let header: string[] = [];
  const parser = createReadStream(path)
    .on('error', (error) => parser.destroy(error))
    .pipe(
      parse({
        delimiter,
        bom: true,
        trim: true,
        skip_empty_lines: true,
        relax_column_count: false,
        columns: (names: string[]) => (header = names.map((n) => String(n).trim())),
      }),
    );
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<Record<string, string>>;
  const first = await iterator.next();
  async function* rows(): AsyncGenerator<Record<string, unknown>> {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { columns: header, rows: rows() };
}
