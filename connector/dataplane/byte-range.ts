import { ConnectorError } from '../../core/index.js';

/** One byte range of a resource, both ends inclusive (as in `Content-Range`). */
export interface ByteRange {
  start: number;
  end: number;
}

const SINGLE = /^bytes=(\d{0,15})-(\d{0,15})$/;

/** The 416 answer, with the complete length for the `Content-Range: bytes *\/<size>` header. */
export function rangeNotSatisfiable(detail: string, completeLength?: number): ConnectorError {
  return new ConnectorError('RANGE_NOT_SATISFIABLE', { detail, ...(completeLength !== undefined ? { extensions: { completeLength } } : {}) });
}

/**
 * The byte range a `GET` asks of a resource of `size` bytes (RFC 9110 §14): undefined for the whole resource (no
 * `Range`, or an `If-Range` we cannot confirm: we send no validator, so the condition is false and the whole
 * resource is the answer). One `bytes=` range is served; several ranges, another unit, a malformed value or a range
 * that starts beyond the end are refused with 416, never ignored.
 */
export function byteRange(range: string | undefined, ifRange: string | undefined, size: number): ByteRange | undefined {
  if (range === undefined || ifRange !== undefined) return undefined;
  const m = SINGLE.exec(range.trim());
  if (!m) throw rangeNotSatisfiable('only a single byte range is served (Range: bytes=<first>-<last>, bytes=<first>- or bytes=-<suffix>)', size);
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') throw rangeNotSatisfiable('the byte range has neither a first nor a last position', size);
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw rangeNotSatisfiable(`a suffix of ${suffix} bytes of a ${size}-byte resource is empty`, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (end < start) throw rangeNotSatisfiable('the last byte position is before the first', size);
  if (start >= size) throw rangeNotSatisfiable(`the range starts at ${start}, beyond the ${size}-byte resource`, size);
  return { start, end: Math.min(end, size - 1) };
}
