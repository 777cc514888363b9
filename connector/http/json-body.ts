import type { RequestHandler } from 'express';
import { ConnectorError } from '../../core/index.js';
import { parseJsonBody } from './parse-json-body.js';

/**
 * Parses JSON bodies with a size limit. A body sent with another media type is refused (415) rather than
 * silently ignored; requests without a body pass through and the route's schema reports what is missing. Bodies
 * nested too deep or carrying NUL characters are refused (VALIDATION_FAILED).
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = parseJsonBody({ limit: limitBytes, strict: false, type: ['application/json', 'application/*+json'] });
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is(['application/json', 'application/*+json'])) {
      next(new ConnectorError('UNSUPPORTED_MEDIA_TYPE', { detail: `expected application/json, got '${req.get('content-type') ?? 'none'}'` }));
      return;
    }
    next();
  };
  return [requireJson, ...parse];
}
