import { emptyProfile, profileCell, type ColumnProfile } from './column-profile.js';
import { openCsvTable } from './csv-table.js';
import { openParquetTable } from './parquet-table.js';

/** The format of a data file by its name: `.parquet` (or `.pq`) is Parquet, anything else CSV. */
export const fileFormat = (path: string): 'csv' | 'parquet' => (/\.(parquet|pq)$/i.test(path) ? 'parquet' : 'csv');

/**
 * Profiles data files (CSV or Parquet, by name) with the same columns in one streamed pass each, as one table (the union of their rows): the
 * columns, the row count and each column's profile. Files whose columns differ are refused, naming the first.
 */
export async function profileFiles(paths: readonly string[], delimiter?: string): Promise<{ columns: string[]; rows: number; profiles: ColumnProfile[] }> {
  let columns: string[] | undefined;
  let profiles: ColumnProfile[] = [];
  let rows = 0;
  for (const path of paths) {
    const table = fileFormat(path) === 'parquet' ? await openParquetTable(path) : await openCsvTable(path, delimiter);
    if (!columns) {
      columns = table.columns;
      profiles = columns.map(emptyProfile);
    } else if (table.columns.join('\u0000') !== columns.join('\u0000')) {
      throw new Error(`${path} has the columns ${table.columns.join(', ')}, ${paths[0] ?? ''} has ${columns.join(', ')}: every site's file needs the same columns`);
    }
    for await (const row of table.rows) {
      rows++;
      for (const p of profiles) profileCell(p, row[p.name]);
    }
  }
  return { columns: columns ?? [], rows, profiles };
}
