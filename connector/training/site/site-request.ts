import type { Request, RequestHandler } from 'express';
import { ConnectorError, type Violation, pointer } from '../../../core/index.js';
import { sendsBody } from '../../http/json-body.js';
import { parseJsonBody } from '../../http/parse-json-body.js';

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * The body parser of the site's training routes: JSON (application/json or application/*+json) up to `limitBytes`;
 * a body of another media type is refused (415) rather than left unparsed.
 */
export function siteJsonBody(limitBytes: number): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (sendsBody(req) && !req.is(JSON_TYPES)) {
      next(new ConnectorError('UNSUPPORTED_MEDIA_TYPE', { detail: `expected application/json, got '${req.get('content-type') ?? 'none'}'` }));
      return;
    }
    next();
  };
  // Model parameters come as arrays of up to a million numbers: those do not count against the member cap.
  return [requireJson, ...parseJsonBody({ limit: limitBytes, type: JSON_TYPES }, { freeNumberItems: true })];
}

/** None of the site's training routes takes a query parameter: any is refused (INVALID_QUERY), naming each. */
export function refuseSiteQuery(req: Request): void {
  const names = Object.keys(req.query);
  if (names.length === 0) return;
  const violations: Violation[] = names.map((name) => ({ pointer: `?${name}`, message: 'unknown parameter (this route takes no query parameters)' }));
  throw new ConnectorError('INVALID_QUERY', { detail: violations.map((v) => `${v.pointer}: ${v.message}`).join('; '), violations });
}

/** The parsed body as a JSON object with only the route's `fields`, or VALIDATION_FAILED naming each unknown one. */
export function siteBodyFields(body: unknown, fields: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ConnectorError('VALIDATION_FAILED', { detail: 'the body must be a JSON object', violations: [{ pointer: '/', message: 'must be a JSON object' }] });
  const unknown = Object.keys(body).filter((k) => !fields.includes(k));
  if (unknown.length > 0) {
    throw new ConnectorError('VALIDATION_FAILED', {
      detail: `unknown fields: ${unknown.join(', ')} (allowed: ${fields.join(', ')})`,
      violations: unknown.map((k) => ({ pointer: pointer('', k), message: 'unknown field' })),
    });
  }
  return body as Record<string, unknown>;
}
