import type { Response } from 'express';
import { isConnectorError, type Logger } from '../../core/index.js';
import { dspErrorCode } from '../http/dsp-error-code.js';
import { dspStatus, type DspProtocol } from '../http/dsp-error-status.js';
import { markUnavailable } from '../http/unavailable-response.js';

const DSP_CONTEXT = 'https://w3id.org/dspace/2025/1/context.jsonld';
const ERROR_TYPE: Record<Exclude<DspProtocol, 'catalog'>, string> = { negotiation: 'ContractNegotiationError', transfer: 'TransferError' };

/**
 * The one renderer of contract negotiation and transfer process errors: any failure becomes the protocol's DSP error
 * body (`ContractNegotiationError` / `TransferError`, both pids, `code`, `reason`) with the status from the one DSP
 * status table. `code` (a string in DSP 2025-1) is Kontor's stable machine-readable code where it has one (a
 * DspCodedError, e.g. `kontor:agreement-revoked`), else the HTTP status. A 404 reveals nothing; an internal error says
 * only that something failed.
 */
export function sendDspError(
  res: Response,
  protocol: Exclude<DspProtocol, 'catalog'>,
  error: unknown,
  pids: { providerPid?: string | undefined; consumerPid?: string | undefined },
  logger: Logger,
): void {
  const status = isConnectorError(error) ? dspStatus(error.code, protocol) : 500;
  if (status >= 500 && status !== 503) logger.error({ err: error, protocol }, 'DSP message failed');
  else logger.info({ protocol, code: isConnectorError(error) ? error.code : undefined, detail: isConnectorError(error) ? error.detail : undefined }, 'DSP message refused');
  const reason = status === 404 ? ['not found'] : status >= 500 ? ['internal error'] : [isConnectorError(error) ? (error.detail ?? error.message) : 'invalid request'];
  const body = {
    '@context': [DSP_CONTEXT],
    '@type': ERROR_TYPE[protocol],
    providerPid: pids.providerPid ?? 'urn:kontor:unknown',
    consumerPid: pids.consumerPid ?? 'urn:kontor:unknown',
    code: (status < 500 && status !== 404 ? dspErrorCode(error) : undefined) ?? String(status),
    reason,
  };
  if (isConnectorError(error)) markUnavailable(res, error, logger, String(res.req.id ?? ''));
  res.status(status).type('application/json').send(JSON.stringify(body));
}
