import { ConnectorError } from '../../core/index.js';

/**
 * Where a catalog page starts: right after (`next` pages) or right before (`previous` pages) a dataset the requester
 * saw on the page that linked it. It names only that dataset's place in the listing (its `createdAt`, `at`, and its
 * id, which the requester was shown), nothing about what is hidden from it. A page continues from that place whether
 * or not the dataset is still there, so its answer depends only on the place and on what the requester may see.
 * Cursors written before places were carried (no `at`) continue from their dataset, which must still be visible.
 */
export interface PageCursor {
  direction: 'after' | 'before';
  id: string;
  /** The dataset's `createdAt` (epoch ms): with the id, its place in the listing order. */
  at?: number;
}

/** Longest cursor text accepted (a cursor names one dataset id). */
const MAX_CURSOR_CHARS = 4096;
/** Version 1: the id alone (still read); version 2: the place, `createdAt:id`. */
const TAG = { after: '1a:', before: '1b:' } as const;
const PLACED = { after: '2a:', before: '2b:' } as const;

/** The opaque text of a cursor: base64url of a version-and-direction tag and the dataset's place (or id alone). */
export function encodeCursor(cursor: PageCursor): string {
  const text = cursor.at === undefined ? `${TAG[cursor.direction]}${cursor.id}` : `${PLACED[cursor.direction]}${cursor.at}:${cursor.id}`;
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The direction, place and id of a decoded cursor text, or undefined when it is not one encodeCursor writes. */
function cursorOf(text: string): PageCursor | undefined {
  const direction = (tag: string) => (tag.endsWith('a:') ? 'after' : 'before');
  // No dataset id holds a control character (and PostgreSQL refuses NUL in a query): such a cursor is not one we wrote.
  if (/\p{Cc}/u.test(text)) return undefined;
  if (/^1[ab]:./su.test(text)) return { direction: direction(text.slice(0, 3)), id: text.slice(3) };
  const placed = /^2[ab]:(0|-?[1-9]\d{0,15}):(.+)$/su.exec(text);
  const at = Number(placed?.[1]);
  if (!placed || !Number.isSafeInteger(at)) return undefined;
  return { direction: direction(text.slice(0, 3)), id: placed[2] as string, at };
}

function refused(detail: string): ConnectorError {
  return new ConnectorError('INVALID_QUERY', { detail, violations: [{ pointer: '?cursor', message: 'is invalid' }] });
}

/** Reads `?cursor=` as written by encodeCursor; anything else is INVALID_QUERY (a DSP 400), never a crash. */
export function decodeCursor(raw: unknown): PageCursor {
  const garbled = () => refused('cursor is not a page cursor this catalog wrote: follow the next and previous links of a catalog answer as given');
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(raw)) throw garbled();
  const bytes = Buffer.from(raw, 'base64url');
  if (bytes.toString('base64url') !== raw) throw garbled();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw garbled();
  }
  const cursor = cursorOf(text);
  if (!cursor) throw garbled();
  return cursor;
}

/**
 * The refusal of a well-formed cursor without a place (version 1) whose dataset is gone or not visible to this
 * requester (the same answer for both).
 */
export function staleCursor(): ConnectorError {
  return new ConnectorError('INVALID_QUERY', {
    detail: 'cursor no longer points into the catalog you may see (the dataset it continues from was removed or is no longer offered to you): start again from the first page',
    violations: [{ pointer: '?cursor', message: 'is stale' }],
  });
}
