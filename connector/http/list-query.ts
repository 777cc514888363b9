import type { Request, RequestHandler } from 'express';
import { ConnectorError, type Violation } from '../../core/index.js';

export interface ParsedListQuery {
  offset: number;
  limit: number;
  filter: Record<string, string>;
}

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 50;

/**
 * For a route that takes no query parameters (RouteDef without `query`): any is refused with INVALID_QUERY, naming
 * each, so that an option the route does not have (`?dryRun=true` on a create, `?force=true` on a delete) is never
 * silently ignored.
 */
export const refuseQueryParameters: RequestHandler = (req, _res, next) => {
  const names = Object.keys(req.query);
  if (names.length === 0) return next();
  const problems: Violation[] = names.map((name) => ({ pointer: `?${name}`, message: 'unknown parameter (this route takes no query parameters)' }));
  next(new ConnectorError('INVALID_QUERY', { detail: problems.map((p) => `${p.pointer}: ${p.message}`).join('; '), violations: problems }));
};

/** Parses offset/limit and the allowed filters; an unknown, repeated or malformed parameter is a 400. */
export function parseListQuery(req: Request, filters: readonly string[]): ParsedListQuery {
  const problems: Violation[] = [];
  const filter: Record<string, string> = {};
  let offset = 0;
  let limit = DEFAULT_LIMIT;
  for (const [name, raw] of Object.entries(req.query)) {
    if (typeof raw !== 'string') {
      problems.push({ pointer: `?${name}`, message: 'must be given once, as plain text' });
      continue;
    }
    if (name === 'offset') offset = integer(name, raw, 0, Number.MAX_SAFE_INTEGER, problems) ?? offset;
    else if (name === 'limit') limit = integer(name, raw, 1, MAX_LIMIT, problems) ?? limit;
    else if (filters.includes(name)) {
      if (raw.length === 0 || raw.length > 200) problems.push({ pointer: `?${name}`, message: 'must be 1 to 200 characters' });
      else filter[name] = raw;
    } else problems.push({ pointer: `?${name}`, message: `unknown parameter (allowed: offset, limit${filters.map((f) => `, ${f}`).join('')})` });
  }
  if (problems.length > 0) throw new ConnectorError('INVALID_QUERY', { detail: problems.map((p) => `${p.pointer}: ${p.message}`).join('; '), violations: problems });
  return { offset, limit, filter };
}

function integer(name: string, raw: string, min: number, max: number, problems: Violation[]): number | undefined {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    problems.push({ pointer: `?${name}`, message: `must be an integer from ${min} to ${max}` });
    return undefined;
  }
  return n;
}

/** RFC 8288 Link header with next/prev pages, or undefined when there is only one page. */
export function pageLinks(req: Request, page: { offset: number; limit: number; total: number }): string | undefined {
  const links: string[] = [];
  const at = (offset: number) => {
    const params = new URLSearchParams(req.query as Record<string, string>);
    params.set('offset', String(offset));
    params.set('limit', String(page.limit));
    return `<${req.baseUrl}${req.path}?${params.toString()}>`;
  };
  if (page.offset + page.limit < page.total) links.push(`${at(page.offset + page.limit)}; rel="next"`);
  if (page.offset > 0) links.push(`${at(Math.max(0, page.offset - page.limit))}; rel="prev"`);
  return links.length > 0 ? links.join(', ') : undefined;
}
