import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ConnectorError, isConnectorError, validationError, type Logger } from '../../core/index.js';
import { markUnavailable } from './unavailable-response.js';
import { toProblem } from './problem-details.js';

/** Maps body-parser and other framework errors to ConnectorErrors; anything unknown is internal. */
export function toConnectorError(error: unknown): ConnectorError {
  if (isConnectorError(error)) return error;
  const e = error as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.too.large') return new ConnectorError('BODY_TOO_LARGE', { detail: 'the request body exceeds the configured limit' });
  if (e?.type === 'entity.parse.failed') {
    // A strict parser refuses valid JSON that is neither object nor array ("x", 5, null): a wrong body, not broken JSON.
    if (isJsonText((error as { body?: unknown }).body)) return validationError([{ pointer: '/', message: 'must be a JSON object' }], 'the request body must be a JSON object');
    return new ConnectorError('MALFORMED_JSON', { detail: 'the request body is not valid JSON' });
  }
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return new ConnectorError('UNSUPPORTED_MEDIA_TYPE', { detail: 'unsupported body encoding or charset' });
  if (e?.type === 'request.aborted' || e?.type === 'request.size.invalid') return new ConnectorError('VALIDATION_FAILED', { detail: 'the request body was incomplete' });
  // A body that does not inflate (gzip, deflate, br): body-parser passes the zlib error on with status 400.
  if (e?.status === 400 && typeof (error as { errno?: unknown }).errno === 'number')
    return new ConnectorError('MALFORMED_JSON', { detail: 'the request body does not decode with its Content-Encoding' });
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && (error as { expose?: unknown }).expose === true) {
    return new ConnectorError('VALIDATION_FAILED', { detail: 'the request body could not be read' });
  }
  if (error instanceof URIError) return new ConnectorError('VALIDATION_FAILED', { detail: 'the URL is not correctly encoded' });
  return new ConnectorError('INTERNAL', { cause: error });
}

/** Whether the text body-parser refused (it keeps it on the error as `body`) parses as JSON after all. */
function isJsonText(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

/** The management router's error handler: problem+json always, stack traces never. */
export function problemErrorHandler(typeBase: string, logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const mapped = toConnectorError(error);
    const requestId = String(req.id ?? '');
    if (mapped.kind === 'internal') logger.error({ err: error, requestId }, 'request failed');
    const problem = toProblem(mapped, typeBase, requestId);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    markUnavailable(res, mapped, logger, requestId);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}

/** 404 problem for any route nobody serves. */
export const routeNotFound: RequestHandler = (req, _res, next) => {
  next(new ConnectorError('ROUTE_NOT_FOUND', { detail: `no route ${req.method} ${req.path}` }));
};
