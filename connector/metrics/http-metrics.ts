import type { Request, RequestHandler } from 'express';
import type { ConnectorMetrics } from './connector-metrics.js';
import { stopwatch } from './stopwatch.js';

/** Which listener a request came in on: the label that keeps their figures apart. */
export type ListenerName = 'management' | 'public';

/**
 * Counts every answered request and times it, labelled with the matched route pattern (`/api/v1/assets/:id`,
 * never the raw path, so that ids do not multiply the series); requests no route matched count as `unmatched`.
 */
export function httpMetrics(metrics: Pick<ConnectorMetrics, 'httpRequests' | 'httpDuration'>, listener: ListenerName): RequestHandler {
  return (req, res, next) => {
    const elapsed = stopwatch();
    res.on('finish', () => {
      const labels = { listener, route: routeOf(req), method: req.method, status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, elapsed());
    });
    next();
  };
}

function routeOf(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  return typeof route === 'string' ? `${req.baseUrl}${route}` : 'unmatched';
}
