import express, { type Express, type RequestHandler } from 'express';
import type { Logger as PinoLogger } from 'pino';
import { ConnectorError } from '../../core/index.js';
import { refuseNulInUrl } from '../http/parse-json-body.js';
import { requestLogging } from '../http/request-logging.js';
import { apiKeyAuth } from './auth-middleware.js';
import { refuseUnreadPreconditions } from './precondition-headers.js';
import { problemErrorHandler, routeNotFound } from '../http/error-middleware.js';
import { jsonBody, refuseBody } from '../http/json-body.js';
import { toExpressPath, type RouteDef } from '../http/route-def.js';
import { refuseQueryParameters } from '../http/list-query.js';

export interface ManagementAppOptions {
  apiKey: string;
  bodyLimitBytes: number;
  problemTypeBase: string;
  logger: PinoLogger;
  routes: readonly RouteDef[];
  /** Called with the path after every successful write (POST, PUT, DELETE). */
  onWrite?: (path: string) => void;
  /** Runs first on every request (the request metrics). */
  observe?: RequestHandler;
}

/**
 * The management listener's express app: API-key auth per route, query parameters only where a route reads them
 * (RouteDef.query), precondition headers only where a route honours them (RouteDef.preconditions), JSON bodies only
 * where a route takes one (RouteDef.body; elsewhere any body is refused), problem+json errors.
 */
export function createManagementApp(options: ManagementAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // One spelling per route: `/Api/V1/Assets` is no route (404), so nothing that reads the path (onWrite, the metrics'
  // route names) can be passed by a case variant of it. A trailing slash is still tolerated (`/api/v1/assets/`).
  app.set('case sensitive routing', true);
  app.set('kontor:routes', options.routes);
  if (options.observe) app.use(options.observe);
  app.use(requestLogging(options.logger));
  app.use(refuseNulInUrl);
  app.use(securityHeaders);
  if (options.onWrite) {
    const onWrite = options.onWrite;
    app.use((req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') res.on('finish', () => res.statusCode < 300 && onWrite(req.path));
      next();
    });
  }
  const auth = apiKeyAuth(options.apiKey);
  // application/json only (a patch media type is a 415, never read as the whole resource); the EDC v3 layer reads JSON-LD too.
  const body = jsonBody(options.bodyLimitBytes, ['application/json']);
  const jsonLdBody = jsonBody(options.bodyLimitBytes, ['application/json', 'application/ld+json']);
  // A route whose legitimate bodies hold more members than the usual cap (predictions) has a parser of its own.
  const ownBody = (route: RouteDef) =>
    jsonBody(options.bodyLimitBytes, route.jsonLd ? ['application/json', 'application/ld+json'] : ['application/json'], { maxMembers: route.maxJsonMembers });
  const methodsByPath = new Map<string, string[]>();
  for (const route of options.routes) {
    const handlers: RequestHandler[] = [
      ...(route.public ? [] : [auth]),
      ...(route.query ? [] : [refuseQueryParameters]),
      refuseUnreadPreconditions(route),
      ...(route.body ? (route.maxJsonMembers !== undefined ? ownBody(route) : route.jsonLd ? jsonLdBody : body) : [refuseBody]),
      route.handler,
    ];
    app[route.method](toExpressPath(route.path), ...handlers);
    methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method.toUpperCase()]);
  }
  for (const [path, methods] of methodsByPath) {
    const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
    app.all(toExpressPath(path), (req, res, next) => {
      res.set('Allow', allow);
      next(new ConnectorError('METHOD_NOT_ALLOWED', { detail: `${req.method} is not supported here; allowed: ${allow}` }));
    });
  }
  app.use(routeNotFound);
  app.use(problemErrorHandler(options.problemTypeBase, options.logger));
  return app;
}

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Cache-Control', 'no-store');
  next();
};
