import { ConnectorError, isConnectorError, type Logger } from '../../core/index.js';

/** Where a sealed value is stored: its table, its column and its row (never the value, never a key). */
export interface SealedPlace {
  readonly table: string;
  readonly column: string;
  readonly id: string;
}

/**
 * A sealed value that does not open under the KEK it names, which this connector holds: AES-GCM refused it, so the
 * stored text was changed, or moved from another row (its binding is the GCM additional data). The request is not at
 * fault and no retry mends it: 503 STORE_INTEGRITY, not retryable (no Retry-After); the operator restores the row.
 */
export function sealedValueBroken(detail: string, cause: unknown): ConnectorError {
  return new ConnectorError('STORE_INTEGRITY', { detail, cause, retryable: false });
}

/** Logs a STORE_INTEGRITY failure once, at error level, naming where the value is stored; passes other errors by. */
export function logIfBroken(logger: Logger | undefined, place: SealedPlace, error: unknown): void {
  if (!logger || !isConnectorError(error) || error.code !== 'STORE_INTEGRITY') return;
  logger.error(
    { code: error.code, table: place.table, column: place.column, rowId: place.id },
    `the sealed value in ${place.table}.${place.column} of row '${place.id}' does not open (changed, or moved from another row): restore the row from a backup`,
  );
}
