import { ConnectorError } from '../../core/index.js';
import { decodeCursor, encodeCursor, type PageCursor } from './page-cursor.js';

/**
 * A catalog page: `limit` visible datasets from a cursor (the form the `next`/`previous` links carry), or from
 * `offset` (visible datasets skipped from the start; kept for requesters that page by offset, e.g. an EDC
 * `querySpec`, and for links handed out before cursors: it costs a scan over the skipped datasets).
 */
export interface PageRequest {
  offset: number;
  limit: number;
  /** When set, `offset` is 0. */
  cursor?: PageCursor;
}

/** Where the pages next to a served page start: what the `next` and `previous` links carry. */
export interface PageNeighbours {
  next?: PageCursor;
  /** An offset only for the previous page of an offset page. */
  previous?: PageCursor | { offset: number };
}

export interface PageLimits {
  defaultLimit: number;
  maxLimit: number;
}

/** The largest offset a catalog page may start at (the DSP endpoint and the EDC catalog request share it). */
export const MAX_PAGE_OFFSET = 1_000_000_000;

const PAGE_PARAMETERS = new Set(['offset', 'limit', 'cursor']);

function boundedInt(name: string, raw: unknown, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{1,10}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConnectorError('INVALID_QUERY', { detail: `${name} must be an integer from ${min} to ${max}`, violations: [{ pointer: `?${name}`, message: 'is invalid' }] });
  }
  return Number(raw);
}

/**
 * `?offset=&limit=` or `?cursor=&limit=` of a catalog request; limit 0 is refused (a page must be able to move
 * forward), and so are a cursor with an offset, a cursor this catalog did not write and any other query parameter
 * (named in the refusal).
 */
export function parsePageQuery(query: Record<string, unknown>, limits: PageLimits): PageRequest {
  const unknown = Object.keys(query).filter((name) => !PAGE_PARAMETERS.has(name));
  if (unknown.length > 0) {
    const names = unknown.map((n) => `'${n}'`).join(', ');
    throw new ConnectorError('INVALID_QUERY', {
      detail: `unknown query parameter ${names}: a catalog request takes only offset, limit and cursor`,
      violations: unknown.map((n) => ({ pointer: `?${n}`, message: 'is not a known query parameter' })),
    });
  }
  const offset = boundedInt('offset', query.offset, 0, MAX_PAGE_OFFSET) ?? 0;
  const limit = boundedInt('limit', query.limit, 1, limits.maxLimit) ?? limits.defaultLimit;
  if (query.cursor === undefined) return { offset, limit };
  if (query.offset !== undefined) {
    throw new ConnectorError('INVALID_QUERY', {
      detail: 'offset and cursor cannot be combined: a cursor already says where the page starts',
      violations: [{ pointer: '?offset', message: 'is not allowed with cursor' }],
    });
  }
  return { offset: 0, limit, cursor: decodeCursor(query.cursor) };
}

/**
 * RFC 8288 `Link` header value with the DSP relations `next` and `previous` (DSP 2025-1, catalog HTTPS binding,
 * pagination) of a served page, or undefined when no page neighbours it. `url` is the absolute URL of the paged
 * resource without query.
 */
export function catalogPageLinks(url: string, limit: number, neighbours: PageNeighbours): string | undefined {
  const target = (at: PageCursor | { offset: number }) => ('offset' in at ? `offset=${at.offset}` : `cursor=${encodeCursor(at)}`);
  const links: string[] = [];
  if (neighbours.previous) links.push(`<${url}?${target(neighbours.previous)}&limit=${limit}>; rel="previous"`);
  if (neighbours.next) links.push(`<${url}?${target(neighbours.next)}&limit=${limit}>; rel="next"`);
  return links.length > 0 ? links.join(', ') : undefined;
}

/**
 * Offset-only `Link` header value with the DSP relations `next` and `previous`, or undefined on a single page (the
 * catalog itself links with catalogPageLinks). `url` is the absolute URL of the paged resource without query; `more`: whether
 * anything follows the page (`next` is linked only then).
 */
export function pageLinks(url: string, page: PageRequest, more: boolean): string | undefined {
  const link = (offset: number, rel: string) => `<${url}?offset=${offset}&limit=${page.limit}>; rel="${rel}"`;
  const links: string[] = [];
  if (page.offset > 0) links.push(link(Math.max(0, page.offset - page.limit), 'previous'));
  if (more) links.push(link(page.offset + page.limit, 'next'));
  return links.length > 0 ? links.join(', ') : undefined;
}
