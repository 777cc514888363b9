import type { Request, RequestHandler } from 'express';
import { ConnectorError } from '../../core/index.js';
import type { JsonInputLimits } from './json-input.js';
import { parseJsonBody } from './parse-json-body.js';

/** Whether the request carries a body: a Content-Length above 0, or a chunked (Transfer-Encoding) one. */
export function sendsBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** The media types of JSON bodies that the DSP catalog route and the TCK hooks read (DSP peers send `application/ld+json`). */
export const ANY_JSON = ['application/json', 'application/*+json'] as const;

/**
 * Parses JSON bodies with a size limit. A body sent with another media type than those `accepted` is refused (415)
 * rather than silently ignored or read as something else (a patch, `application/merge-patch+json` or
 * `application/json-patch+json`, read as the whole resource). Requests without a body pass through and the route's
 * schema reports what is missing. Bodies nested too deep, with more members than `limits` allow (MAX_JSON_MEMBERS
 * unless given) or carrying NUL characters are refused (VALIDATION_FAILED).
 */
export function jsonBody(limitBytes: number, accepted: readonly string[] = ANY_JSON, limits: JsonInputLimits = {}): RequestHandler[] {
  const types = [...accepted];
  const parse = parseJsonBody({ limit: limitBytes, strict: false, type: types }, limits);
  const requireJson: RequestHandler = (req, _res, next) => {
    if (sendsBody(req) && !req.is(types)) {
      next(new ConnectorError('UNSUPPORTED_MEDIA_TYPE', { detail: `expected ${types.join(' or ')}, got '${req.get('content-type') ?? 'none'}'` }));
      return;
    }
    next();
  };
  return [requireJson, ...parse];
}

/**
 * For a route that takes no body (RouteDef without `body`): a request that sends one, of any media type, is refused
 * (VALIDATION_FAILED) before the route acts, so that an option the route does not have (`{"force":true}` on a
 * delete) is never silently ignored.
 */
export const refuseBody: RequestHandler = (req, _res, next) => {
  if (!sendsBody(req)) return next();
  next(new ConnectorError('VALIDATION_FAILED', { detail: 'this route takes no request body', violations: [{ pointer: '/', message: 'no body is allowed here' }] }));
};

/** A route's optional body: `{}` when none was sent; whatever was sent (a JSON `null` too) as it is, for the schema to check. */
export const optionalBody = (req: Request): unknown => (req.body === undefined ? {} : req.body);
