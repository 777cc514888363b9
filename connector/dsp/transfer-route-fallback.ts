import type { RequestHandler } from 'express';
import { ConnectorError, type Logger } from '../../core/index.js';
import { sendDspError } from './send-dsp-error.js';

/** The transfer paths under the DSP base (relative to `/transfers`) and the methods each serves. */
const TRANSFER_ROUTES: readonly [RegExp, readonly string[]][] = [
  [/^\/request\/?$/, ['POST']],
  [/^\/[^/]+\/(start|suspension|completion|termination)\/?$/, ['POST']],
  [/^\/[^/]+\/?$/, ['GET']],
];

/**
 * For any request under `/transfers` that no transfer route serves: a DSP `TransferError`, never the management
 * API's problem JSON. 405 with `Allow` when the path exists for another method, else 404.
 */
export function transferRouteFallback(logger: Logger): RequestHandler {
  return (req, res) => {
    const allowed = TRANSFER_ROUTES.find(([pattern]) => pattern.test(req.path))?.[1];
    if (allowed) res.set('Allow', allowed.join(', '));
    const error = allowed
      ? new ConnectorError('METHOD_NOT_ALLOWED', { detail: `${req.method} is not supported here; use ${allowed.join(' or ')}` })
      : new ConnectorError('ROUTE_NOT_FOUND', { detail: `no DSP transfer route ${req.method} ${req.originalUrl.split('?')[0] ?? ''}` });
    sendDspError(res, 'transfer', error, {}, logger);
  };
}
