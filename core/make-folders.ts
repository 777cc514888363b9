import { existsSync, mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` that fails instead of hanging: Node 20's recursive mkdir loops for ever on a path under a folder that
 * refuses new entries with ENOENT (any missing folder under /proc). The missing folders are made one by one,
 * without `recursive`, with `mode`; a folder another process makes first is fine. Returns the first folder it made
 * (as `mkdirSync(…, { recursive: true })` does), or undefined when `dir` already existed.
 */
export function makeFoldersSync(dir: string, mode = 0o700): string | undefined {
  const missing = missingFolders(dir, existsSync);
  const deepest = missing.length > 0 ? dirname(missing[0] as string) : resolve(dir);
  checkFolder(deepest, statSync(deepest).isDirectory());
  for (const folder of missing) {
    try {
      mkdirSync(folder, { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(folder).isDirectory()) throw error;
    }
  }
  return missing[0];
}

/** The same, asynchronously. */
export async function makeFolders(dir: string, mode = 0o700): Promise<string | undefined> {
  const missing = missingFolders(dir, existsSync);
  const deepest = missing.length > 0 ? dirname(missing[0] as string) : resolve(dir);
  checkFolder(deepest, (await stat(deepest)).isDirectory());
  for (const folder of missing) {
    try {
      await mkdir(folder, { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(folder)).isDirectory()) throw error;
    }
  }
  return missing[0];
}

/** The folders of `dir` that do not exist yet, outermost first. */
function missingFolders(dir: string, exists: (path: string) => boolean): string[] {
  const missing: string[] = [];
  for (let at = resolve(dir); !exists(at); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  return missing;
}

function checkFolder(path: string, isFolder: boolean): void {
  if (isFolder) return;
  throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), { code: 'ENOTDIR', path });
}
