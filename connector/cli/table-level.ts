import { MIGRATIONS, type Migration } from '../store/migrations/index.js';

/**
 * The oldest migration level at which `table` is as this build has it: the last migration with a statement (either
 * dialect) that names it other than to read it. A mention counts as a read only right after FROM or JOIN (not
 * DELETE FROM); every other one counts as a change, a name that merely starts with the table's (its triggers,
 * indexes, functions: `audit_log_…`) too, so the level errs on the late side, never the early one. A command that
 * reads only that table can read a store at this level or later (up to this build's): its rows are shaped alike.
 */
export function levelOfLastChange(table: string, migrations: readonly Migration[] = MIGRATIONS): number {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`'${table}' is not a table name as the migrations write one`);
  const changing = migrations.filter((m) => [...m.sqlite, ...m.postgres].some((statement) => changes(statement, table)));
  if (changing.length === 0) throw new Error(`no migration creates the table ${table}`);
  return Math.max(...changing.map((m) => m.version));
}

/** Whether `statement` names `table` anywhere but where it only reads it. */
function changes(statement: string, table: string): boolean {
  const reads = new RegExp(`(?<!\\bDELETE\\s+)\\b(?:FROM|JOIN)\\s+${table}(?![A-Za-z0-9_])`, 'gi');
  return statement.replace(reads, '').toLowerCase().includes(table);
}
