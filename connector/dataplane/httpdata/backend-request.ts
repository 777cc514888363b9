import { ConnectorError } from '../../../core/index.js';
import type { HttpDataOptions } from './http-data-options.js';

/** What the consumer sent to the data plane, beyond the transfer id: the pieces HttpData may pass through. */
export interface ConsumerRequest {
  method: string;
  /** Decoded path segments after `/api/data/<transferId>`. */
  subPath: readonly string[];
  /** The raw query string, without `?` ('' when none). */
  query: string;
  body?: Buffer;
  contentType?: string;
  /** The `Range` and `If-Range` headers: served on a File asset, forwarded to an HttpData backend (GET only). */
  range?: string;
  ifRange?: string;
}

/** Methods a consumer may pass through with `proxyMethod`; without it, only GET (and HEAD). */
export const PROXY_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const PROXY_BODY_LIMIT_BYTES = 1024 * 1024;
const PATH_LIMIT = 2048;
const QUERY_LIMIT = 4096;

/**
 * The backend request for a consumer's request, as the switches allow: a sub-path is appended below `baseUrl`
 * (each segment re-encoded; empty, `.`, `..` and segments holding a slash or backslash are refused, so the result
 * stays under the base path), the query is appended to `baseUrl`'s own (a parameter `baseUrl` sets is refused: the
 * consumer cannot repeat, and so override, the provider's `sig`, `tenant`…), the method and body go as sent. Whatever
 * a switch does not allow is refused, never dropped: the consumer learns which switch is off.
 */
export function backendRequest(o: HttpDataOptions & { baseUrl: URL }, req: ConsumerRequest | undefined): { url: URL; method: string; body?: Buffer; contentType?: string } {
  const url = new URL(o.baseUrl.href);
  if (!req) return { url, method: 'GET' };
  const method = req.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD' && !(o.proxyMethod && (PROXY_METHODS as readonly string[]).includes(method))) {
    throw new ConnectorError('METHOD_NOT_ALLOWED', {
      detail: o.proxyMethod ? `${method} is not passed through (${PROXY_METHODS.join(', ')})` : 'this asset is read with GET only (proxyMethod is off)',
    });
  }
  if (req.subPath.length > 0) {
    if (!o.proxyPath) throw new ConnectorError('NOT_FOUND', { detail: 'this asset takes no sub-path (proxyPath is off)' });
    if (req.subPath.some((s) => s === '' || s === '.' || s === '..' || /[/\\\0]/.test(s)))
      throw new ConnectorError('FORBIDDEN', { detail: 'the sub-path has an empty, "." or ".." segment, or an encoded slash' });
    const base = url.pathname.replace(/\/+$/, '');
    url.pathname = `${base}/${req.subPath.map(encodeURIComponent).join('/')}`;
    if (url.pathname.length > PATH_LIMIT || !url.pathname.startsWith(`${base}/`))
      throw new ConnectorError('FORBIDDEN', { detail: "the sub-path leaves the asset's base URL or is too long" });
  }
  if (req.query !== '') {
    if (!o.proxyQueryParams) throw new ConnectorError('INVALID_QUERY', { detail: 'this asset takes no query parameters (proxyQueryParams is off)' });
    if (req.query.length > QUERY_LIMIT || !/^[\x21-\x7e]*$/.test(req.query) || req.query.includes('#'))
      throw new ConnectorError('INVALID_QUERY', { detail: `the query must be at most ${QUERY_LIMIT} URL characters` });
    const own = ownParameter(url, req.query);
    if (own !== undefined) throw new ConnectorError('INVALID_QUERY', { detail: `query parameter '${own.slice(0, 100)}' is set by the asset itself and cannot be passed` });
    url.search = url.search ? `${url.search.slice(1)}&${req.query}` : req.query;
  }
  const body = req.body && req.body.length > 0 ? req.body : undefined;
  if (!body) return { url, method };
  if (!o.proxyBody) throw new ConnectorError('VALIDATION_FAILED', { detail: 'this asset takes no request body (proxyBody is off)' });
  if (method === 'GET' || method === 'HEAD') throw new ConnectorError('VALIDATION_FAILED', { detail: `a ${method} request carries no body` });
  return { url, method, body, ...(req.contentType ? { contentType: req.contentType } : {}) };
}

/** The first parameter of the consumer's query that `baseUrl`'s query names too (decoded, any letter case), if any. */
function ownParameter(baseUrl: URL, query: string): string | undefined {
  const own = new Set([...baseUrl.searchParams.keys()].map((name) => name.toLowerCase()));
  if (own.size === 0) return undefined;
  return [...new URLSearchParams(query).keys()].find((name) => own.has(name.toLowerCase()));
}
