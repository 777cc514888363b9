import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { ConnectorError } from '../../core/index.js';
import type { DataSource } from './data-source.js';

const within = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * Opens a file below the data root for streaming. The path (relative to the root, or absolute) must stay inside
 * the root after resolving `..` and symbolic links; anything else is refused, and nothing outside is read.
 */
export async function openFileSource(path: unknown, fileRoot: string | undefined, signal: AbortSignal): Promise<DataSource> {
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
  return { stream: createReadStream(real, { signal, highWaterMark: 1 << 20 }), size: info.size };
}
