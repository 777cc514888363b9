import { ConnectorError } from '../../core/index.js';

export interface PageRequest {
  offset: number;
  limit: number;
}

export interface PageLimits {
  defaultLimit: number;
  maxLimit: number;
}

function nonNegativeInt(name: string, raw: unknown, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{1,10}$/.test(raw) || Number(raw) > max) {
    throw new ConnectorError('INVALID_QUERY', { detail: `${name} must be an integer from 0 to ${max}`, violations: [{ pointer: `?${name}`, message: 'is invalid' }] });
  }
  return Number(raw);
}

/** `?offset=&limit=` of a catalog request; limit 0 is refused (a page must be able to move forward). */
export function parsePageQuery(query: Record<string, unknown>, limits: PageLimits): PageRequest {
  const offset = nonNegativeInt('offset', query.offset, 1_000_000_000) ?? 0;
  const limit = nonNegativeInt('limit', query.limit, limits.maxLimit) ?? limits.defaultLimit;
  if (limit === 0) throw new ConnectorError('INVALID_QUERY', { detail: `limit must be an integer from 1 to ${limits.maxLimit}` });
  return { offset, limit };
}

/**
 * RFC 8288 `Link` header value with the DSP relations `next` and `previous` (DSP 2025-1, catalog HTTPS binding, pagination), or
 * undefined on a single page. `url` is the absolute URL of the paged resource without query.
 */
export function pageLinks(url: string, page: PageRequest, total: number): string | undefined {
  const link = (offset: number, rel: string) => `<${url}?offset=${offset}&limit=${page.limit}>; rel="${rel}"`;
  const links: string[] = [];
  if (page.offset > 0) links.push(link(Math.max(0, page.offset - page.limit), 'previous'));
  if (page.offset + page.limit < total) links.push(link(page.offset + page.limit, 'next'));
  return links.length > 0 ? links.join(', ') : undefined;
}
