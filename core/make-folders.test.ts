import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFolders, makeFoldersSync } from './make-folders.js';

const roots: string[] = [];
const root = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-folders-'));
  roots.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// Node 20's recursive mkdir never returns for these (the reason for the helper); /proc exists on Linux only.
const procReason = existsSync('/proc/self') ? false : 'no /proc on this platform: the hang it guards against is Linux-only';

describe.each([
  ['makeFoldersSync', async (dir: string, mode?: number) => makeFoldersSync(dir, mode)],
  ['makeFolders', makeFolders],
] as const)('%s', (_name, make) => {
  it('should make every missing folder with the mode and return the first one made', async () => {
    const base = root();
    expect(await make(join(base, 'a', 'b', 'c'), 0o700)).toBe(join(base, 'a'));
    expect(statSync(join(base, 'a', 'b', 'c')).isDirectory()).toBe(true);
    if (process.platform !== 'win32') for (const d of ['a', 'a/b', 'a/b/c']) expect(statSync(join(base, d)).mode & 0o777).toBe(0o700);
  });

  it('should return undefined for a folder that exists', async () => {
    expect(await make(root())).toBeUndefined();
  });

  it('should refuse a path under a file with ENOTDIR', async () => {
    const base = root();
    writeFileSync(join(base, 'file'), '');
    await expect(make(join(base, 'file', 'x', 'y'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it.skipIf(procReason)('should fail, not hang, under a folder that refuses new entries (/proc)', async () => {
    await expect(make('/proc/kontor-missing/store')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
