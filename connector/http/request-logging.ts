import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Level, Logger as PinoLogger } from 'pino';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request id (requestLogging): the one in X-Request-Id and on every log line of the request. */
    id?: string;
  }
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** A 503 is a refusal with Retry-After (the store or a peer is down), not a failure of the code. */
const refused = (res: ServerResponse): boolean => res.statusCode === 503;

/** The level of a finished request's line: a 5xx error, a 4xx or refusal warn, the rest info. */
export function requestLogLevel(status: number): Level {
  return status === 503 ? 'warn' : status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}

/** Query parameter names that may carry a secret (`apiKey`, `x-api-key`, `token`, `sig`, `password`, …), as substrings. */
const SECRET_NAME = /key|token|sig|secret|passw|auth|credential|jwt/i;

/**
 * The URL as logged: the values of query parameters whose names look secret are `[redacted]` (a client may put its API
 * key or a data-plane token in the query, where no header rule hides it); everything else is kept as sent.
 */
export function loggedUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const parts = url
    .slice(at + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq >= 0 && SECRET_NAME.test(decodedName(part.slice(0, eq))) ? `${part.slice(0, eq)}=[redacted]` : part;
    });
  return `${url.slice(0, at)}?${parts.join('&')}`;
}

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * Request logging with a request id on every line (taken from a well-formed X-Request-Id, else new), echoed in the
 * X-Request-Id response header and kept as `req.id` for the error bodies. One line per request when it finishes (or
 * its connection closes first): `{ req: { id, method, url }, res: { statusCode }, responseTime }` (milliseconds),
 * "request completed", or "request errored" for a 5xx; a request whose connection closed before its answer was
 * complete is "request aborted" at warn, with statusCode null when no status went out. A 503 is logged at warn, `request refused: service
 * unavailable, Retry-After …`, without an error: the handler that refused logged its cause. Nothing is built for a
 * level the logger does not write. Header values that carry secrets are never logged (only method and URL are), nor
 * the values of query parameters named like a secret (loggedUrl).
 */
export function requestLogging(logger: PinoLogger): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const started = performance.now();
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      // Closed before the answer was complete (the client went away, or the server shut down): no status was given,
      // or only part of the answer; res.statusCode (200 by default) would claim an answer that never arrived.
      const aborted = !res.writableFinished;
      const level = aborted ? 'warn' : requestLogLevel(res.statusCode);
      if (!logger.isLevelEnabled(level)) return;
      const statusCode = aborted && !res.headersSent ? null : res.statusCode;
      const line = { req: { id, method: req.method, url: loggedUrl(req.originalUrl) }, res: { statusCode }, responseTime: Math.round(performance.now() - started) };
      if (aborted) logger[level](line, res.headersSent ? 'request aborted: the connection closed during the answer' : 'request aborted: the connection closed before an answer');
      else if (refused(res)) logger[level](line, `request refused: service unavailable, Retry-After ${String(res.getHeader('retry-after') ?? '-')}`);
      else logger[level](line, res.statusCode >= 500 ? 'request errored' : 'request completed');
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}
