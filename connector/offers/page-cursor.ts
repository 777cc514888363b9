import { ConnectorError } from '../../core/index.js';

/**
 * Where a catalog page starts: right after (`next` pages) or right before (`previous` pages) a dataset the requester
 * saw on the page that linked it. It names only that dataset's id (which the requester was shown), nothing about
 * what is hidden from it, and the provider checks again that the requester may see that dataset.
 */
export interface PageCursor {
  direction: 'after' | 'before';
  id: string;
}

/** Longest cursor text accepted (a cursor names one dataset id). */
const MAX_CURSOR_CHARS = 4096;
const TAG = { after: '1a:', before: '1b:' } as const;

/** The opaque text of a cursor: base64url of a version-and-direction tag and the dataset id. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${TAG[cursor.direction]}${cursor.id}`, 'utf8').toString('base64url');
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
  const direction = text.startsWith(TAG.after) ? 'after' : text.startsWith(TAG.before) ? 'before' : undefined;
  const id = text.slice(3);
  if (!direction || id.length === 0) throw garbled();
  return { direction, id };
}

/** The refusal of a well-formed cursor whose dataset is gone or not visible to this requester (the same answer for both). */
export function staleCursor(): ConnectorError {
  return new ConnectorError('INVALID_QUERY', {
    detail: 'cursor no longer points into the catalog you may see (the dataset it continues from was removed or is no longer offered to you): start again from the first page',
    violations: [{ pointer: '?cursor', message: 'is stale' }],
  });
}
