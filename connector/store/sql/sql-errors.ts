import { ConnectorError, isConnectorError } from '../../../core/index.js';

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'SQLITE_BUSY', 'SQLITE_LOCKED', '57P01', '57P03', '53300', '08006', '08001', '08004', '40001', '40P01']);
const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE', '23505']);
const FOREIGN_KEY_CODES = new Set(['SQLITE_CONSTRAINT_FOREIGNKEY', '23503']);

/** Turns a driver error into a domain error; stores never let driver errors escape. */
export function translateSqlError(error: unknown, context = 'the store'): ConnectorError {
  if (isConnectorError(error)) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  if (UNIQUE_CODES.has(code)) return new ConnectorError('ALREADY_EXISTS', { detail: `${context}: the id is already taken`, cause: error });
  if (FOREIGN_KEY_CODES.has(code)) return new ConnectorError('STILL_REFERENCED', { detail: `${context}: a referenced record is missing or still in use`, cause: error });
  if (UNAVAILABLE_CODES.has(code) || code.startsWith('08')) {
    return new ConnectorError('STORE_UNAVAILABLE', { detail: `${context} is unavailable (${code})`, cause: error, retryable: true });
  }
  return new ConnectorError('INTERNAL', { detail: 'a store operation failed', cause: error });
}

/** Runs a store operation and translates whatever the driver throws. */
export async function guarded<T>(context: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    throw translateSqlError(error, context);
  }
}
