import { ConnectorError, isConnectorError } from '../../../core/index.js';
import type { OpenOwnTable } from './open-own-table.js';
import { parseOwnDataAddress, type OwnDataAddress } from './own-data-address.js';
import { SchemaCheck, type CheckResult } from './schema-check.js';

/** The most characters of a reader's error a problem repeats. */
const MAX_ERROR_CHARS = 300;

/** Throws TRAINING_DATA_INVALID naming every problem (each as a JSON-pointer violation, and all in `detail`). */
export function refuseData(problems: CheckResult['problems']): never {
  const detail = `the training data does not match its schema (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.map((p) => p.message).join('; ')}`;
  throw new ConnectorError('TRAINING_DATA_INVALID', { detail, violations: problems });
}

/**
 * Checks an own-data address and the table it names against its declared schema in one streamed pass: every
 * problem at once (an unreadable file too), else the address, the row counts and the imputation values.
 */
export async function checkOwnData(raw: Record<string, unknown>, open: OpenOwnTable): Promise<{ address: OwnDataAddress; result: CheckResult }> {
  const parsed = parseOwnDataAddress(raw);
  if (!parsed.address) return refuseData(parsed.problems);
  const check = new SchemaCheck(parsed.address.schema);
  try {
    const table = await open(parsed.address);
    check.columns(table.columns);
    for await (const row of table.rows) check.add(row);
  } catch (error) {
    // A refusal already told in full (a file outside the data root: data-root.ts) passes unchanged.
    if (isConnectorError(error)) throw error;
    // A reader's error may quote a cell (csv-parse does): bounded like a quoted cell, a little longer.
    const full = String((error as Error).message);
    const message = full.length > MAX_ERROR_CHARS ? `${full.slice(0, MAX_ERROR_CHARS)}…` : full;
    const field = (error as { field?: string }).field;
    const where = parsed.address.format === 'postgres' ? (field ?? 'table') : 'path';
    return refuseData([{ pointer: `/dataAddress/${where}`, message: `unreadable ${where === 'table' ? 'table' : 'file'}: ${message}` }]);
  }
  const result = check.finish();
  if (result.problems.length > 0) refuseData(result.problems);
  return { address: parsed.address, result };
}

/**
 * A data refusal as the coordinator may see it (at a transfer's start or in a round): how many problems, not the cell
 * values they quote. Other errors pass unchanged.
 */
export function concealValues(error: unknown): unknown {
  if (!isConnectorError(error) || error.code !== 'TRAINING_DATA_INVALID') return error;
  return new ConnectorError('TRAINING_DATA_INVALID', {
    detail: `the site's training data does not match its declared schema (${error.violations.length} problem(s), listed in the site's log and shown to its operator when the asset is checked)`,
  });
}
