import type { Response } from 'express';
import { isConnectorError } from '../../core/index.js';
import type { DataAddress } from '../../catalog/index.js';
import { allowedMethods } from './allowed-methods.js';

/**
 * Readies a data-plane response for an error raised before any byte was sent: the headers that described the body
 * go, and the error's own go on: `Allow` on a 405 (the methods this asset answers), `Content-Range: bytes *\/<size>`
 * on a 416 when the size is known.
 */
export function setProblemHeaders(res: Response, error: unknown, address: DataAddress): void {
  for (const name of ['content-range', 'accept-ranges', 'content-length']) res.removeHeader(name);
  if (!isConnectorError(error)) return;
  if (error.code === 'METHOD_NOT_ALLOWED') res.set('allow', allowedMethods(address).join(', '));
  const size = error.extensions?.completeLength;
  if (error.code === 'RANGE_NOT_SATISFIABLE' && typeof size === 'number') res.set('content-range', `bytes */${size}`);
}
