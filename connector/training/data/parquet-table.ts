import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { TableReader } from './table-reader.js';

/**
 * Streams a Parquet file with hyparquet, one row group at a time (never the whole file in memory): the columns are
 * the top-level fields of its schema, the rows objects keyed by them (BigInt values as numbers).
 */
export async function openParquetTable(path: string): Promise<TableReader> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  async function* rows(): AsyncGenerator<Record<string, unknown>> {
    let start = 0;
    for (const group of metadata.row_groups) {
      const end = start + Number(group.num_rows);
      const chunk = await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: end });
      for (const row of chunk) yield Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
      start = end;
    }
  }
  return { columns, rows: rows() };
}
