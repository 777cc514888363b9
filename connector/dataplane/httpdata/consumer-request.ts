import express, { type Request, type Response } from 'express';
import { PROXY_BODY_LIMIT_BYTES, type ConsumerRequest } from './backend-request.js';

/** Any body, as bytes, bounded (BODY_TOO_LARGE above the limit). */
const rawBody = express.raw({ type: () => true, limit: PROXY_BODY_LIMIT_BYTES });

/**
 * The parts of a data-plane request an HttpData source may pass through. The body is read only here, after the
 * data token was checked, so an unauthenticated caller cannot make the data plane read one.
 */
export async function consumerRequest(req: Request, res: Response): Promise<ConsumerRequest> {
  await new Promise<void>((resolve, reject) => void rawBody(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
  const rest = req.params.rest as unknown;
  const subPath = Array.isArray(rest) ? rest.map(String) : [];
  const at = req.originalUrl.indexOf('?');
  const body = Buffer.isBuffer(req.body) ? req.body : undefined;
  const contentType = req.get('content-type');
  const range = req.get('range');
  const ifRange = req.get('if-range');
  return {
    method: req.method,
    subPath,
    query: at < 0 ? '' : req.originalUrl.slice(at + 1),
    ...(body ? { body } : {}),
    ...(contentType ? { contentType } : {}),
    ...(range !== undefined ? { range } : {}),
    ...(ifRange !== undefined ? { ifRange } : {}),
  };
}
