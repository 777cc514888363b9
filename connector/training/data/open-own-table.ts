import { openCsvTable } from './csv-table.js';
import type { OwnDataAddress } from './own-data-address.js';
import { openParquetTable } from './parquet-table.js';
import { openPostgresTable } from './postgres-table.js';
import { openSqliteTable } from './sqlite-table.js';
import type { TableReader } from './table-reader.js';

/** Opens the table an own-data address names, in its format (CSV, Parquet, a SQLite or PostgreSQL table). */
export function openOwnTable(address: OwnDataAddress): Promise<TableReader> {
  if (address.format === 'sqlite') return openSqliteTable(address.path, address.table ?? '');
  if (address.format === 'postgres') return openPostgresTable(address.urlFile ?? '', address.table ?? '');
  return address.format === 'parquet' ? openParquetTable(address.path) : openCsvTable(address.path, address.delimiter);
}
