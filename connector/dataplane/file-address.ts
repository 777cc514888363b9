import { validationError, type Violation, pointer } from '../../core/index.js';

/** What a `File` data address may hold: the data plane reads `path` below dataPlane.fileRoot, nothing else. */
export const FILE_OPTIONS = ['type', 'path'] as const;

/**
 * A `File` data address as the data plane honours it, every problem at once (VALIDATION_FAILED, each naming its
 * property under `base`): an option other than `path` is refused, and `path` must be a non-empty string. Whether the
 * file exists below the data root is checked when data flows (the root may be mounted later).
 */
export function checkFileAddress(address: Record<string, unknown>, base = '/dataAddress'): void {
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
  if (bad.length > 0) throw validationError(bad);
}
