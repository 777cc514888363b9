import type { RequestHandler } from 'express';
import { routePattern } from '../http/route-prefix.js';
import type { ConnectorMetrics } from './connector-metrics.js';
import { stopwatch } from './stopwatch.js';

/** Which listener a request came in on: the label that keeps their figures apart. */
export type ListenerName = 'management' | 'public';

/**
 * Counts every answered request and times it, labelled with the matched route pattern (`/api/v1/assets/:id`,
 * `/api/data/:transferId{/*rest}`: a router's mount path as configured, see route-prefix.ts), never the client's
 * text of the path (ids, or the case of a mount path, would multiply the series); requests no route matched count
 * as `unmatched`.
 */
export function httpMetrics(metrics: Pick<ConnectorMetrics, 'httpRequests' | 'httpDuration'>, listener: ListenerName): RequestHandler {
  return (req, res, next) => {
    const elapsed = stopwatch();
    res.on('finish', () => {
      const labels = { listener, route: routePattern(req) ?? 'unmatched', method: req.method, status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, elapsed());
    });
    next();
  };
}
