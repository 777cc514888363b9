import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ConnectorError, ERROR_CODES, type Logger } from '../../core/index.js';
import { toConnectorError } from '../http/error-middleware.js';
import { dspStatus } from '../http/dsp-error-status.js';
import { markUnavailable } from '../http/unavailable-response.js';
import { DSP_CONTEXT } from '../offers/index.js';

/** A DSP 2025-1 `CatalogError` message. */
export interface CatalogErrorMessage {
  '@context': string[];
  '@type': 'CatalogError';
  code: string;
  reason: string[];
}

/**
 * The catalog's DSP error: status from the one DSP status table (connector/http/dsp-error-status.ts: 400 bad or
 * unsupported input, 401 no or bad credentials, 404 unknown or not visible to this requester, 413, 415, 500, 503), body
 * a `CatalogError` whose `code` is our stable error code and whose `reason` lists what went wrong in the request.
 * A failure on our side (any 5xx: internal, store unavailable, a stored value that does not open) gives peers only its
 * code's title: its detail names tables, rows, keys or hosts, which are for the operator (the log line has them).
 */
export function toCatalogError(error: ConnectorError): { status: number; body: CatalogErrorMessage } {
  const status = dspStatus(error.code, 'catalog');
  const reason = error.kind === 'internal' ? [ERROR_CODES.INTERNAL.title] : status >= 500 ? [ERROR_CODES[error.code].title] : [error.detail ?? ERROR_CODES[error.code].title];
  return { status, body: { '@context': [DSP_CONTEXT], '@type': 'CatalogError', code: error.code, reason } };
}

/** Error middleware for the DSP catalog routes: always a CatalogError JSON body, never HTML or a stack trace. */
export function catalogErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const mapped = toConnectorError(error);
    if (mapped.kind === 'internal') logger.error({ err: error, requestId: String(req.id ?? '') }, 'DSP catalog request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const { status, body } = toCatalogError(mapped);
    if (status === 401) res.set('WWW-Authenticate', 'Bearer');
    markUnavailable(res, mapped, logger, String(req.id ?? ''));
    res.status(status).type('application/json').send(JSON.stringify(body));
  };
}

/** For any path under the catalog routes that nobody serves: 405 with `Allow` when the path exists, else 404. */
export function catalogRouteFallback(allowed: Readonly<Record<string, readonly string[]>>): RequestHandler {
  return (req, res, next) => {
    const entry = Object.entries(allowed).find(([pattern]) => new RegExp(`^${pattern}$`).test(req.path));
    if (entry) {
      res.set('Allow', entry[1].join(', '));
      next(new ConnectorError('METHOD_NOT_ALLOWED', { detail: `${req.method} is not supported here; use ${entry[1].join(' or ')}` }));
      return;
    }
    next(new ConnectorError('ROUTE_NOT_FOUND', { detail: `no DSP catalog route ${req.method} ${req.originalUrl.split('?')[0] ?? ''}` }));
  };
}
