import { ConnectorError, isConnectorError } from '../../core/index.js';
import { storeFaultOf } from './store-fault.js';
import { pgAccessRefusal } from './pg-access-refusal.js';

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE', '23505']);
const FOREIGN_KEY_CODES = new Set(['SQLITE_CONSTRAINT_FOREIGNKEY', '23503']);

/** The driver's code of an error (SQLite `SQLITE_*`, Node `E*`, PostgreSQL SQLSTATE), or ''. */
export function driverCode(error: unknown): string {
  return String((error as { code?: unknown } | undefined)?.code ?? '');
}

/** Turns a driver error into a domain error; stores never let driver errors escape. */
export function translateSqlError(error: unknown, context = 'the store'): ConnectorError {
  if (isConnectorError(error)) return error;
  const code = driverCode(error);
  if (UNIQUE_CODES.has(code)) return new ConnectorError('ALREADY_EXISTS', { detail: `${context}: the id is already taken`, cause: error });
  if (FOREIGN_KEY_CODES.has(code)) return new ConnectorError('STILL_REFERENCED', { detail: `${context}: a referenced record is missing or still in use`, cause: error });
  const refused = pgAccessRefusal(error);
  if (refused) {
    return new ConnectorError('STORE_UNAVAILABLE', {
      detail: `${context} cannot be used: ${refused.reason} (${refused.code})`,
      cause: error,
      retryable: true,
      retryAfterSeconds: 30,
    });
  }
  const found = storeFaultOf(error);
  if (found) {
    const { fault } = found;
    return new ConnectorError('STORE_UNAVAILABLE', {
      detail: `${context} is unavailable: ${fault.reason} (${found.code})`,
      cause: error,
      retryable: true,
      retryAfterSeconds: fault.retryAfterSeconds,
    });
  }
  // The driver's code (a SQLSTATE, SQLITE_…, E…) is kept, so that the start-up message and the log say what failed.
  return new ConnectorError('INTERNAL', { detail: `a store operation failed${code ? ` (driver code ${code})` : ''}`, cause: error });
}

/** Runs a store operation and translates whatever the driver throws. */
export async function guarded<T>(context: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    throw translateSqlError(error, context);
  }
}
