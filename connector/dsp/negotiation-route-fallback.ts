import type { RequestHandler } from 'express';
import { ConnectorError, type Logger } from '../../core/index.js';
import { sendDspError } from './send-dsp-error.js';

/** The negotiation paths under the DSP base (relative to `/negotiations`) and the methods each serves. */
const NEGOTIATION_ROUTES: readonly [RegExp, readonly string[]][] = [
  [/^\/request\/?$/, ['POST']],
  [/^\/[^/]+\/(request|events|agreement\/verification|termination|offers|agreement)\/?$/, ['POST']],
  [/^\/[^/]+\/?$/, ['GET']],
];

/**
 * For any request under `/negotiations` that no negotiation route serves: a DSP `ContractNegotiationError`, never the
 * management API's problem JSON. 405 with `Allow` when the path exists for another method, else 404.
 */
export function negotiationRouteFallback(logger: Logger): RequestHandler {
  return (req, res) => {
    const allowed = NEGOTIATION_ROUTES.find(([pattern]) => pattern.test(req.path))?.[1];
    if (allowed) res.set('Allow', allowed.join(', '));
    const error = allowed
      ? new ConnectorError('METHOD_NOT_ALLOWED', { detail: `${req.method} is not supported here; use ${allowed.join(' or ')}` })
      : new ConnectorError('ROUTE_NOT_FOUND', { detail: `no DSP negotiation route ${req.method} ${req.originalUrl.split('?')[0] ?? ''}` });
    sendDspError(res, 'negotiation', error, {}, logger);
  };
}
