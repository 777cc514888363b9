import type { RequestHandler } from 'express';
import { ConnectorError } from '../../core/index.js';
import type { RouteDef } from '../http/route-def.js';

/** The precondition headers of RFC 9110 that ask a write to depend on the resource's state. */
const PRECONDITIONS = ['If-Match', 'If-None-Match', 'If-Unmodified-Since'] as const;

/**
 * Refuses the precondition headers a route does not honour (VALIDATION_FAILED naming each), so that a client
 * asking for a conditional write never gets an unconditional one. A route honours those its RouteDef lists; a GET
 * honours `If-None-Match` too (express answers 304 when it matches the ETag).
 */
export function refuseUnreadPreconditions(route: RouteDef): RequestHandler {
  const read = new Set<string>([...(route.preconditions ?? []), ...(route.method === 'get' ? ['If-None-Match'] : [])]);
  const refused = PRECONDITIONS.filter((h) => !read.has(h));
  const where = `${route.method.toUpperCase()} ${route.path}`;
  return (req, _res, next) => {
    const sent = refused.filter((h) => req.get(h) !== undefined);
    if (sent.length === 0) return next();
    next(
      new ConnectorError('VALIDATION_FAILED', {
        detail: `${sent.join(', ')} ${sent.length === 1 ? 'is' : 'are'} not supported on ${where}: ${read.size > 0 ? `it takes only ${[...read].join(', ')}` : 'it takes no precondition'}`,
        violations: sent.map((h) => ({ pointer: h, message: 'is not supported on this route (it would be ignored)' })),
      }),
    );
  };
}
