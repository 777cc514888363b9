import express, { type Express, type RequestHandler } from 'express';
import type { Logger as PinoLogger } from 'pino';
import { problemErrorHandler, routeNotFound } from '../http/error-middleware.js';
import { refuseNulInUrl } from '../http/parse-json-body.js';
import { requestLogging } from '../http/request-logging.js';

/** The public listener: protocol endpoints, DID document and data plane mount here (later issues). */
export function createPublicApp(options: {
  participantId: string;
  logger: PinoLogger;
  problemTypeBase: string;
  mount?: (app: Express) => void;
  observe?: RequestHandler;
}): Express {
  const app = express();
  app.disable('x-powered-by');
  // Protocol answers are not cached by their peers: no hash of every body for an ETag nobody sends back (If-None-Match).
  app.set('etag', false);
  app.set('query parser', 'simple');
  if (options.observe) app.use(options.observe);
  app.use(requestLogging(options.logger));
  app.use(refuseNulInUrl);
  app.get('/health', (_req, res) => void res.json({ status: 'ok', participantId: options.participantId }));
  options.mount?.(app);
  app.use(routeNotFound);
  app.use(problemErrorHandler(options.problemTypeBase, options.logger));
  return app;
}
