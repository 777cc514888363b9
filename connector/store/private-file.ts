import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { makeFoldersSync } from '../../core/index.js';

/**
 * Makes `path` a file only its owner can read (0600), in folders only the owner can enter (0700) where this call
 * creates them; an existing folder is left as the operator set it. SQLite gives its -wal and -shm files the mode
 * of the database file, so preparing the database file this way covers all three. No effect on Windows.
 */
export function preparePrivateFile(path: string): void {
  const created = makeFoldersSync(dirname(path));
  if (process.platform === 'win32') return;
  if (created !== undefined) {
    let folder = created;
    chmodSync(folder, 0o700);
    for (const part of relative(created, dirname(path)).split(sep).filter(Boolean)) {
      folder = join(folder, part);
      chmodSync(folder, 0o700);
    }
  }
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) if (existsSync(file)) chmodSync(file, 0o600);
}
