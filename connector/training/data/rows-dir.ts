import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'kontor-rows-';
let dir: string | undefined;

/** Whether a process with this id runs (signal 0 tests without sending anything; EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the row folders of connector processes that are gone (killed before their exit handler ran): a folder is
 * `kontor-rows-<pid>-<random>`, and only a folder whose process no longer runs is removed. Returns the folders removed.
 */
export function sweepStaleRowsDirs(parent = tmpdir()): string[] {
  const stale = readdirSync(parent).filter((name) => {
    const pid = Number(/^kontor-rows-(\d+)-/.exec(name)?.[1]);
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid);
  });
  for (const name of stale) rmSync(join(parent, name), { recursive: true, force: true });
  return stale;
}

/**
 * The process's private folder for row files (created on first use, mode 0700, under the system's temporary folder,
 * named after the process id), removed with everything in it when the process exits; folders left by processes that
 * were killed are swept then too. Row files are removed one by one before that, when the training transfer that used
 * them ends (the backend's `release`).
 */
export function rowsDir(): string {
  if (dir) return dir;
  sweepStaleRowsDirs();
  const made = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  dir = made;
  return made;
}
