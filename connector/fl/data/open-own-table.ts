import { openCsvTable } from './csv-table.js';
import type { OwnDataAddress } from './own-data-address.js';
import { openSqliteTable } from './sqlite-table.js';
import type { TableReader } from './table-reader.js';

/** Opens the table an own-data address names, in its format. */
export function openOwnTable(address: OwnDataAddress): Promise<TableReader> {
  return address.format === 'sqlite' ? openSqliteTable(address.path, address.table ?? '') : openCsvTable(address.path, address.delimiter);
}
