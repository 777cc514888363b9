import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ConnectorError } from '../../core/index.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Requires `X-Api-Key` to equal the configured key (constant-time comparison). */
export function apiKeyAuth(apiKey: string): RequestHandler {
  const expected = digest(apiKey);
  return (req, _res, next) => {
    const given = req.get('x-api-key');
    if (given === undefined || given.length === 0) {
      next(new ConnectorError('UNAUTHORIZED', { detail: 'the X-Api-Key header is missing' }));
      return;
    }
    if (!timingSafeEqual(digest(given), expected)) {
      next(new ConnectorError('UNAUTHORIZED', { detail: 'the X-Api-Key header is wrong' }));
      return;
    }
    next();
  };
}
