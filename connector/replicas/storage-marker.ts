import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { makeFolders } from '../../core/index.js';
import { join } from 'node:path';

const MARKER = '.kontor-storage-id';

/**
 * The id of the artifact storage at `dir`: a random id in a marker file. Replicas on one schema must see the same
 * storage (what one writes, another reads); comparing the marker proves that, where comparing paths would not (one
 * path can be a different disk on each machine). `create` makes the marker when it is missing (the only replica
 * running); otherwise a missing marker is undefined.
 */
export async function storageMarker(dir: string, create: boolean): Promise<string | undefined> {
  const path = join(dir, MARKER);
  const existing = await readFile(path, 'utf8').then(
    (text) => text.trim(),
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    },
  );
  if (existing !== undefined || !create) return existing;
  await makeFolders(dir);
  const id = randomBytes(16).toString('hex');
  try {
    await writeFile(path, `${id}\n`, { flag: 'wx', mode: 0o600 });
    return id;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(path, 'utf8')).trim(); // another process made it first
    throw error;
  }
}
