import type { Response } from 'express';
import type { ConnectorError, Logger } from '../../core/index.js';

/** The Retry-After of an `unavailable` error that names none, in seconds. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * For a 503 on either listener: sets `Retry-After` (RFC 9110 §10.2.3) when a retry may succeed (`retryable`, the
 * default for an `unavailable` error) and, when the store failed, logs the real
 * cause (the driver code, SQLITE_FULL, ENOSPC, SQLITE_BUSY, 53100 …) at warn level: the machine needs attention,
 * the code does not. Other errors pass untouched.
 */
export function markUnavailable(res: Response, error: ConnectorError, logger: Logger, requestId: string): void {
  if (error.kind !== 'unavailable') return;
  if (error.retryable) res.set('Retry-After', String(error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS));
  if (error.code !== 'STORE_UNAVAILABLE') return;
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  logger.warn({ requestId, code: error.code, fault: cause?.code, cause: cause?.message, retryAfterSeconds: error.retryAfterSeconds }, error.detail ?? error.message);
}
