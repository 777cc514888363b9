import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../core/index.js';
import { toConnectorError } from '../http/error-middleware.js';
import { catalogErrorHandler } from './catalog-error-response.js';
import { sendDspError } from './send-dsp-error.js';

/**
 * Errors raised under the DSP base path before a protocol's router took the request (the public listener's edge
 * checks, e.g. a NUL in the URL): answered with that protocol's DSP error body, as its own routes answer, not as a
 * management problem. Paths of no protocol go on to the listener's problem handler.
 */
export function dspEdgeErrors(logger: Logger): ErrorRequestHandler {
  const catalog = catalogErrorHandler(logger);
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const protocol = req.path.startsWith('/negotiations') ? 'negotiation' : req.path.startsWith('/transfers') ? 'transfer' : undefined;
    if (protocol) return sendDspError(res, protocol, toConnectorError(error), {}, logger);
    if (req.path.startsWith('/catalog')) return catalog(error, req, res, next);
    next(error);
  };
}
