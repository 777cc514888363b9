import type { DataAddress } from '../../catalog/index.js';
import { FILE_METHODS } from './data-source.js';
import { PROXY_METHODS } from './httpdata/backend-request.js';
import { parseHttpData } from './httpdata/http-data-parse.js';

/**
 * The methods the data plane answers for an asset, for the `Allow` header of a 405: GET and HEAD, and with an
 * HttpData asset's `proxyMethod` switch every method it passes through.
 */
export function allowedMethods(address: DataAddress): string[] {
  if (address.type === 'HttpData') {
    try {
      if (parseHttpData(address as unknown as Record<string, unknown>).proxyMethod) return [...new Set(['GET', 'HEAD', ...PROXY_METHODS])];
    } catch {
      // An address that does not parse is refused when it is opened; GET and HEAD are what it would otherwise take.
    }
  }
  return [...FILE_METHODS];
}
