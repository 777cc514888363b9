import { api } from './api.js';
import { h } from './dom.js';
import type { PageContext } from './page.js';

interface PageOf<T> {
  items: T[];
  total: number;
}
export interface NewestPage<T> {
  /** Newest first. */
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/** The lists answer oldest first and take no order parameter: the newest `limit` items start at `total − limit`. */
export const newestOffset = (total: number, limit: number): number => Math.max(0, total - limit);

/** The offset a list's hash parameter asks for; absent or not a whole number: undefined (the newest page). */
export function offsetParam(ctx: PageContext, key: string): number | undefined {
  const raw = ctx.query.get(key);
  return raw !== null && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
}

/** One page of a list, newest first: the page at `offset`, or without one the newest (asked again when the list is longer than a page). */
export async function newestFirst<T>(path: string, limit: number, offset: number | undefined): Promise<NewestPage<T>> {
  const get = (at: number) => api<PageOf<T>>(`${path}${path.includes('?') ? '&' : '?'}offset=${at}&limit=${limit}`);
  let at = offset ?? 0;
  let page = await get(at);
  if (offset === undefined && page.total > limit) {
    at = newestOffset(page.total, limit);
    page = await get(at);
  }
  return { items: [...page.items].reverse(), total: page.total, offset: at, limit };
}

/** What the page shows of the list, and links to newer and older items (the offset kept in the hash parameter `key`). */
export function pager(ctx: PageContext, route: string, key: string, noun: string, page: NewestPage<unknown>): HTMLElement {
  const to = (offset: number) => {
    const query = new URLSearchParams(ctx.query);
    query.set(key, String(offset));
    return `#/${route}?${query}`;
  };
  const newer = page.offset + page.limit < page.total ? Math.min(page.offset + page.limit, newestOffset(page.total, page.limit)) : undefined;
  const older = page.offset > 0 ? Math.max(0, page.offset - page.limit) : undefined;
  if (newer === undefined && older === undefined) return h('div', { hidden: true });
  return h(
    'div',
    { class: 'actions' },
    h('span', { class: 'muted' }, `Newest first: ${page.items.length} of ${page.total} shown.`),
    newer === undefined ? null : h('a', { href: to(newer) }, `← Newer ${noun}`),
    older === undefined ? null : h('a', { href: to(older) }, `Older ${noun} →`),
  );
}
