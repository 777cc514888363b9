import type { Request, RequestHandler } from 'express';

const PREFIX = Symbol('kontor.routePrefix');

interface Noted {
  /** The mount path as configured. */
  pattern: string;
  /** The client's spelling of it, as Express matched it (mount paths match whatever the case). */
  baseUrl: string;
}
type NotedRequest = Request & { [PREFIX]?: Noted };

/**
 * The first handler of a mount (`app.use(path, routePrefix(path), router)`): notes the mount's path as configured, for
 * `routePattern`. `req.baseUrl` is no such name: it is the client's spelling, and Express matches a mount path whatever
 * its case (`/API/Data` reaches `/api/data`), so a name made of it would be as many names as a client cares to send.
 */
export function routePrefix(pattern: string): RequestHandler {
  return (req, _res, next) => {
    (req as NotedRequest)[PREFIX] = { pattern, baseUrl: req.baseUrl };
    next();
  };
}

/**
 * The pattern of the route that answered `req` (`/api/data/:transferId{/*rest}`), its mount's path as configured in
 * front, or undefined when no route did. A mount without `routePrefix` is named by its path in lower case (one name
 * for every spelling, which the configured one may not be: give every mount its `routePrefix`).
 */
export function routePattern(req: Request): string | undefined {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route !== 'string') return undefined;
  if (req.baseUrl === '') return route;
  const noted = (req as NotedRequest)[PREFIX];
  return `${noted?.baseUrl === req.baseUrl ? noted.pattern : req.baseUrl.toLowerCase()}${route}`;
}
