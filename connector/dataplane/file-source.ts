import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { ConnectorError } from '../../core/index.js';
import { byteRange } from './byte-range.js';
import type { DataSource } from './data-source.js';

const within = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * Opens a file below the data root for streaming. The path (relative to the root, or absolute) must stay inside
 * the root after resolving `..` and symbolic links; anything else is refused, and nothing outside is read. A `Range`
 * of one byte range is served (206 with `Content-Range`); see byteRange for what is refused with 416.
 */
export async function openFileSource(
  path: unknown,
  fileRoot: string | undefined,
  signal: AbortSignal,
  request: { range?: string | undefined; ifRange?: string | undefined } = {},
): Promise<DataSource> {
  if (!fileRoot) throw new ConnectorError('FORBIDDEN', { detail: 'File data addresses need dataPlane.fileRoot to be configured' });
  if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) throw new ConnectorError('FORBIDDEN', { detail: 'the File data address has no valid path' });
  const root = await realpath(resolve(fileRoot));
  const candidate = resolve(root, path);
  if (!within(root, candidate)) throw new ConnectorError('FORBIDDEN', { detail: 'the File data address points outside the data root' });
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw new ConnectorError('NOT_FOUND', { detail: 'the asset file does not exist' });
  }
  if (!within(root, real)) throw new ConnectorError('FORBIDDEN', { detail: 'the File data address points outside the data root' });
  const info = await stat(real);
  if (!info.isFile()) throw new ConnectorError('FORBIDDEN', { detail: 'the File data address is not a regular file' });
  const part = byteRange(request.range, request.ifRange, info.size);
  const stream = createReadStream(real, { signal, highWaterMark: 1 << 20, ...(part ? { start: part.start, end: part.end } : {}) });
  if (!part) return { stream, size: info.size, headers: { 'accept-ranges': 'bytes' } };
  return { stream, size: part.end - part.start + 1, status: 206, headers: { 'accept-ranges': 'bytes', 'content-range': `bytes ${part.start}-${part.end}/${info.size}` } };
}
