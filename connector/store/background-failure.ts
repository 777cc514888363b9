import type { Logger } from '../../core/index.js';
import { translateSqlError } from './sql-errors.js';

/**
 * Logs a failure of work done in the background (no request to answer): a fault of the machine under the store (a
 * full disk, a lost connection, a missing schema: STORE_UNAVAILABLE) at warn with its cause, as a request's 503 is;
 * anything else at error, with the error.
 */
export function logBackgroundFailure(logger: Logger, error: unknown, message: string, fields: Record<string, unknown> = {}): void {
  const translated = translateSqlError(error, 'the store');
  if (translated.code !== 'STORE_UNAVAILABLE') {
    logger.error({ ...fields, err: error }, message);
    return;
  }
  const cause = translated.cause as { code?: unknown; message?: unknown } | undefined;
  logger.warn({ ...fields, code: translated.code, detail: translated.detail, fault: cause?.code, cause: cause?.message }, message);
}
