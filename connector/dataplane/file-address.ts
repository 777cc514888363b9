import { isAbsolute, relative, resolve, sep } from 'node:path';
import { validationError, type Violation, pointer } from '../../core/index.js';

/** What a `File` data address may hold: the data plane reads `path` below dataPlane.fileRoot, nothing else. */
export const FILE_OPTIONS = ['type', 'path'] as const;

/**
 * A `File` data address as the data plane honours it, every problem at once (VALIDATION_FAILED, each naming its
 * property under `base`): an option other than `path` is refused, `path` must be a non-empty string, and it must
 * lie below `fileRoot` (dataPlane.fileRoot; without one no File address is taken). The check here is lexical: a
 * relative path is resolved against the root, `..` may not climb out, an absolute path must lie below the root.
 * Whether the file exists, and where its symbolic links lead, is checked when data flows (file-source.ts).
 */
export function checkFileAddress(address: Record<string, unknown>, fileRoot: string | undefined, base = '/dataAddress'): void {
  const bad: Violation[] = [];
  for (const key of Object.keys(address)) {
    if (!(FILE_OPTIONS as readonly string[]).includes(key))
      bad.push({
        pointer: pointer(base, key),
        message: `is not an option Kontor honours for a 'File' data address (honoured: ${FILE_OPTIONS.join(', ')})`,
      });
  }
  const path = address.path;
  if (typeof path !== 'string' || path.length === 0 || path.length > 4096 || path.includes('\0'))
    bad.push({ pointer: `${base}/path`, message: 'is required: the file, relative to dataPlane.fileRoot (or absolute below it), a non-empty string' });
  else {
    const problem = rootProblem(path, fileRoot);
    if (problem) bad.push({ pointer: `${base}/path`, message: problem });
  }
  if (bad.length > 0) throw validationError(bad);
}

/** Why `path` is not a file below `fileRoot`, lexically (the root's location is not told). */
function rootProblem(path: string, fileRoot: string | undefined): string | undefined {
  if (!fileRoot) return 'cannot be served: File data addresses need the setting dataPlane.fileRoot (KONTOR_DATA_FILE_ROOT), which this connector does not set';
  const root = resolve(fileRoot);
  const rel = relative(root, resolve(root, path));
  if (rel === '') return 'names the data root itself (dataPlane.fileRoot), not a file below it';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    return 'lies outside the data root (dataPlane.fileRoot): give a path relative to it, without .. leaving it, or an absolute path below it';
  return undefined;
}
