import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir: string | undefined;

/**
 * The process's private folder for row files (created on first use, mode 0700, under the system's temporary folder),
 * removed with everything in it when the process exits. Row files are removed one by one before that, when the
 * training transfer that used them ends (the backend's `release`).
 */
export function rowsDir(): string {
  if (dir) return dir;
  const made = mkdtempSync(join(tmpdir(), 'kontor-rows-'));
  process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  dir = made;
  return made;
}
