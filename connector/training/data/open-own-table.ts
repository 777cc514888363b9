import { openCsvTable } from './csv-table.js';
import { confinedPath } from './data-root.js';
import type { OwnDataAddress } from './own-data-address.js';
import { openParquetTable } from './parquet-table.js';
import { openPostgresTable } from './postgres-table.js';
import { openSqliteTable } from './sqlite-table.js';
import type { TableReader } from './table-reader.js';

/** How an own table is opened (openOwnTable, or confined to a data root: confinedOpener). */
export type OpenOwnTable = (address: OwnDataAddress) => Promise<TableReader>;

/**
 * Opens the table an own-data address names, in its format (CSV, Parquet, a SQLite or PostgreSQL table), wherever its
 * file lies: for files the operator names (kontor data inspect, tests). The connector opens through confinedOpener.
 */
export function openOwnTable(address: OwnDataAddress): Promise<TableReader> {
  if (address.format === 'sqlite') return openSqliteTable(address.path, address.table ?? '');
  if (address.format === 'postgres') return openPostgresTable(address.urlFile ?? '', address.table ?? '');
  return address.format === 'parquet' ? openParquetTable(address.path) : openCsvTable(address.path, address.delimiter);
}

/**
 * openOwnTable for the connector: the file the address names (`path`; PostgreSQL: `urlFile`) must lie below
 * `dataRoot` (training.dataRoot) once its symbolic links are followed, at every open, and the real path found is the
 * one opened (still only a regular file). Without a root no file is opened (data-root.ts).
 */
export function confinedOpener(dataRoot: string | undefined): OpenOwnTable {
  return async (address) => {
    if (address.format === 'postgres') return openOwnTable({ ...address, urlFile: await confinedPath(address.urlFile ?? '', dataRoot, 'urlFile') });
    return openOwnTable({ ...address, path: await confinedPath(address.path, dataRoot, 'path') });
  };
}
