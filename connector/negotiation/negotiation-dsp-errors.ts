import type { Response } from 'express';
import { isConnectorError, type Logger } from '../../core/index.js';
import { negotiationMessages } from './negotiation-messages.js';

/**
 * Renders any failure of an inbound negotiation message as a ContractNegotiationError with the DSP status rules:
 * 400 for an invalid transition or a bad message, 404 for unknown and for unauthorized (nothing is revealed).
 */
export function sendNegotiationError(res: Response, error: unknown, pids: { providerPid?: string | undefined; consumerPid?: string | undefined }, logger: Logger): void {
  const code = isConnectorError(error) ? error.code : 'INTERNAL';
  const status = statusFor(code);
  if (status >= 500) logger.error({ err: error }, 'negotiation message failed');
  else logger.info({ code, detail: isConnectorError(error) ? error.detail : undefined }, 'negotiation message refused');
  const reason = status === 404 ? ['not found'] : status >= 500 ? ['internal error'] : [isConnectorError(error) ? (error.detail ?? error.message) : 'invalid request'];
  res.status(status).type('application/json').send(
    JSON.stringify(negotiationMessages.error({ providerPid: pids.providerPid ?? 'urn:kontor:unknown', consumerPid: pids.consumerPid ?? 'urn:kontor:unknown', code: String(status), reason })),
  );
}

function statusFor(code: string): number {
  switch (code) {
    case 'NOT_FOUND':
    case 'UNAUTHORIZED':
    case 'FORBIDDEN':
      return 404;
    case 'INVALID_TRANSITION':
    case 'VALIDATION_FAILED':
    case 'MALFORMED_JSON':
    case 'POLICY_INVALID':
      return 400;
    case 'BODY_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'VERSION_CONFLICT':
    case 'LEASE_HELD':
      return 409;
    case 'STORE_UNAVAILABLE':
      return 503;
    default:
      return 500;
  }
}
