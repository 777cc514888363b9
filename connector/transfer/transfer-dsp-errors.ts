import type { Response } from 'express';
import { isConnectorError, type Logger } from '../../core/index.js';
import { transferMessages } from './transfer-messages.js';

/**
 * Renders any failure of an inbound transfer message as a TransferError with the DSP status rules: 400 for an
 * invalid transition or a bad message (including a wrong agreement), 403 when the contract policy denies,
 * 404 for unknown and for unauthorized (nothing is revealed).
 */
export function sendTransferError(res: Response, error: unknown, pids: { providerPid?: string | undefined; consumerPid?: string | undefined }, logger: Logger): void {
  const code = isConnectorError(error) ? error.code : 'INTERNAL';
  const status = statusFor(code);
  if (status >= 500) logger.error({ err: error }, 'transfer message failed');
  else logger.info({ code, detail: isConnectorError(error) ? error.detail : undefined }, 'transfer message refused');
  const reason = status === 404 ? ['not found'] : status >= 500 ? ['internal error'] : [isConnectorError(error) ? (error.detail ?? error.message) : 'invalid request'];
  res.status(status).type('application/json').send(
    JSON.stringify(transferMessages.error({ providerPid: pids.providerPid ?? 'urn:kontor:unknown', consumerPid: pids.consumerPid ?? 'urn:kontor:unknown', code: String(status), reason })),
  );
}

const STATUS: Readonly<Record<string, number>> = {
  NOT_FOUND: 404, UNAUTHORIZED: 404, INVALID_TRANSITION: 400, VALIDATION_FAILED: 400, MALFORMED_JSON: 400, POLICY_INVALID: 400,
  FORBIDDEN: 403, POLICY_DENIED: 403, BODY_TOO_LARGE: 413, UNSUPPORTED_MEDIA_TYPE: 415, VERSION_CONFLICT: 409, LEASE_HELD: 409, STORE_UNAVAILABLE: 503,
};

function statusFor(code: string): number {
  return STATUS[code] ?? 500;
}
