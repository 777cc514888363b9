import express, { type Request, type RequestHandler, type Response } from 'express';
import { ConnectorError } from '../../core/index.js';
import { type JsonInputLimits, jsonInputProblem, urlInputProblem } from './json-input.js';
import { jsonTextRefusal, type TextRefusal } from './json-text-limits.js';

/** Refuses a request whose URL carries a NUL character (400), before routing: ids and filters go to the store. */
export const refuseNulInUrl: RequestHandler = (req, _res, next) => {
  const problem = urlInputProblem(req.originalUrl);
  next(problem ? new ConnectorError('VALIDATION_FAILED', { detail: problem }) : undefined);
};

/**
 * After a JSON parser: refuses bodies too deep, too wide (more object members and array items than the route's
 * cap) or with NUL characters (VALIDATION_FAILED), before any schema check or JSON-LD expansion reads them.
 */
export function checkJsonInput(limits: JsonInputLimits = {}): RequestHandler {
  return (req, _res, next) => {
    const problem = jsonInputProblem(req.body, limits);
    next(problem ? new ConnectorError('VALIDATION_FAILED', { detail: problem }) : undefined);
  };
}

/** Thrown from the parser's verify hook when the raw text is refused, so that the parser stops before JSON.parse. */
class RefusedText extends Error {
  constructor(readonly refusal: TextRefusal) {
    super(refusal.detail);
  }
}

/** The refusal as the answer gives it: VALIDATION_FAILED, a member given twice named in `errors[]` too. */
function refusedText({ detail, duplicate }: TextRefusal): ConnectorError {
  return new ConnectorError('VALIDATION_FAILED', { detail, ...(duplicate !== undefined ? { violations: [{ pointer: duplicate, message: 'is given twice in its object' }] } : {}) });
}

/** The body's text in its charset, or undefined for one the platform cannot decode (the parsed body is checked then). */
function bodyText(raw: Buffer, charset: string): string | undefined {
  try {
    return new TextDecoder(charset).decode(raw);
  } catch {
    return undefined;
  }
}

/**
 * express.json followed by the edge checks (`limits`: the route's own, else MAX_JSON_DEPTH and MAX_JSON_MEMBERS);
 * parser errors go to `next` for the router's error mapping. Width and depth are judged on the raw text first
 * (jsonTextRefusal), so that a body past a cap, or one giving a member name twice, is refused before JSON.parse builds it
 * (the parser would keep the last value in silence); the parsed body is then checked
 * again (NUL characters, and the caps for a charset the text scan cannot decode).
 */
export function parseJsonBody(options: Parameters<typeof express.json>[0], limits: JsonInputLimits = {}): RequestHandler[] {
  const parse = express.json({
    ...options,
    verify: (req, res, raw, charset) => {
      options?.verify?.(req, res, raw, charset);
      const text = bodyText(raw, charset);
      const refusal = text === undefined ? undefined : jsonTextRefusal(text, limits);
      if (refusal !== undefined) throw new RefusedText(refusal);
    },
  });
  const scanThenParse: RequestHandler = (req, res, next) => parse(req, res, (error?: unknown) => next(error instanceof RefusedText ? refusedText(error.refusal) : error));
  return [scanThenParse, checkJsonInput(limits)];
}

/**
 * Runs body handlers inside a route, after it authenticated the caller, so that a stranger's large body is never
 * parsed. Resolves once the body is parsed and checked (`req.body` is `{}` when none was sent); rejects with the error.
 */
export async function readJsonBody(handlers: readonly RequestHandler[], req: Request, res: Response): Promise<void> {
  for (const handler of handlers) {
    await new Promise<void>((resolve, reject) => {
      void handler(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
    });
  }
  req.body ??= {};
}
