import type { Request, Response } from 'express';
import { ConnectorError } from '../../core/index.js';
import { toConnectorError } from '../http/error-middleware.js';
import { sendsBody } from '../http/json-body.js';
import { parseJsonBody, readJsonBody } from '../http/parse-json-body.js';

/** JSON and JSON-LD; a body sent without a Content-Type is read as JSON too (peers that omit it). */
const JSON_TYPES = ['application/json', 'application/ld+json', 'application/*+json'];

/**
 * The reader of a DSP message's body, called by a route after it authenticated the caller, so that a stranger's
 * body is never read or parsed. A body of another media type is 415; a malformed, too large or too deep one the
 * error its reader gives (MALFORMED_JSON, BODY_TOO_LARGE, VALIDATION_FAILED). Resolves to the body (`{}` when none).
 */
export function dspBodyReader(limitBytes: number): (req: Request, res: Response) => Promise<Record<string, unknown>> {
  const parse = parseJsonBody({ limit: limitBytes, type: () => true });
  return async (req, res) => {
    if (sendsBody(req) && req.get('content-type') !== undefined && !req.is(JSON_TYPES))
      throw new ConnectorError('UNSUPPORTED_MEDIA_TYPE', { detail: `expected application/json or application/ld+json, got '${req.get('content-type')}'` });
    try {
      await readJsonBody(parse, req, res);
    } catch (error) {
      throw toConnectorError(error);
    }
    return (req.body ?? {}) as Record<string, unknown>;
  };
}
