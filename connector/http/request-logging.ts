import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger as PinoLogger } from 'pino';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** A 503 is a refusal with Retry-After (the store or a peer is down), not a failure of the code. */
const refused = (res: ServerResponse, err: unknown): boolean => res.statusCode === 503 && !err;

/**
 * Request logging with a request id on every line (taken from a well-formed X-Request-Id, else new),
 * echoed in the X-Request-Id response header. Header values that carry secrets are redacted by the logger.
 * A 503 is logged at warn without pino-http's made-up error and stack; the handler that refused logged its cause.
 */
export function requestLogging(logger: PinoLogger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, err) => (refused(res, err) ? 'warn' : err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customErrorMessage: (_req, res) =>
      refused(res, (res as { err?: unknown }).err) ? `request refused: service unavailable, Retry-After ${String(res.getHeader('retry-after') ?? '-')}` : 'request errored',
    customErrorObject: (_req, res, _error, val: Record<string, unknown>) => {
      if (!refused(res, (res as { err?: unknown }).err)) return val;
      const { err: _made_up, ...rest } = val;
      return rest;
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }) as unknown as RequestHandler;
}
