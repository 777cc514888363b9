import { ConnectorError } from '../../core/index.js';

export interface PageRequest {
  offset: number;
  limit: number;
}

export interface PageLimits {
  defaultLimit: number;
  maxLimit: number;
}

/** The largest offset a catalog page may start at (the DSP endpoint and the EDC catalog request share it). */
export const MAX_PAGE_OFFSET = 1_000_000_000;

const PAGE_PARAMETERS = new Set(['offset', 'limit']);

function boundedInt(name: string, raw: unknown, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{1,10}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConnectorError('INVALID_QUERY', { detail: `${name} must be an integer from ${min} to ${max}`, violations: [{ pointer: `?${name}`, message: 'is invalid' }] });
  }
  return Number(raw);
}

/**
 * `?offset=&limit=` of a catalog request; limit 0 is refused (a page must be able to move forward), and so is any
 * other query parameter (named in the refusal).
 */
export function parsePageQuery(query: Record<string, unknown>, limits: PageLimits): PageRequest {
  const unknown = Object.keys(query).filter((name) => !PAGE_PARAMETERS.has(name));
  if (unknown.length > 0) {
    const names = unknown.map((n) => `'${n}'`).join(', ');
    throw new ConnectorError('INVALID_QUERY', {
      detail: `unknown query parameter ${names}: a catalog request takes only offset and limit`,
      violations: unknown.map((n) => ({ pointer: `?${n}`, message: 'is not a known query parameter' })),
    });
  }
  const offset = boundedInt('offset', query.offset, 0, MAX_PAGE_OFFSET) ?? 0;
  const limit = boundedInt('limit', query.limit, 1, limits.maxLimit) ?? limits.defaultLimit;
  return { offset, limit };
}

/**
 * RFC 8288 `Link` header value with the DSP relations `next` and `previous` (DSP 2025-1, catalog HTTPS binding, pagination), or
 * undefined on a single page. `url` is the absolute URL of the paged resource without query; `more`: whether
 * anything follows the page (`next` is linked only then).
 */
export function pageLinks(url: string, page: PageRequest, more: boolean): string | undefined {
  const link = (offset: number, rel: string) => `<${url}?offset=${offset}&limit=${page.limit}>; rel="${rel}"`;
  const links: string[] = [];
  if (page.offset > 0) links.push(link(Math.max(0, page.offset - page.limit), 'previous'));
  if (more) links.push(link(page.offset + page.limit, 'next'));
  return links.length > 0 ? links.join(', ') : undefined;
}
