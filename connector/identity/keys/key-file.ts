import { chmod, link, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { ConnectorError, makeFolders, type Clock } from '../../../core/index.js';
import { Ed25519Key, type StoredKey } from './ed25519-key.js';
import { KeyRing } from './key-ring.js';

interface KeyFileContent {
  version: 1;
  keys: StoredKey[];
}

const invalid = (path: string, why: string, cause?: unknown) =>
  new ConnectorError('CONFIG_INVALID', { detail: `key file ${path}: ${why}`, ...(cause === undefined ? {} : { cause }) });

/**
 * How `openKeyFile` takes a missing file: `create-if-missing` creates it with one fresh key (`kontor start`, `kontor
 * init`); `existing-only` never creates anything and lets the file system's ENOENT through (a command that changes an
 * existing key file, such as `kontor init --retire`).
 */
export type KeyFileOpening = 'create-if-missing' | 'existing-only';

/**
 * Open the key file at `path`; when it does not exist, per `opening`: create it (mode 0600, directory 0700) with one
 * fresh key, or throw the ENOENT error and create nothing. Refuses a file that group or others may read, and one it
 * cannot parse. Error messages never contain key material. The returned ring writes every rotation back atomically.
 */
export async function openKeyFile(path: string, clock: Clock, opening: KeyFileOpening = 'create-if-missing'): Promise<KeyRing> {
  const persist = (keys: readonly Ed25519Key[]) => writeKeyFile(path, keys);
  let text: string;
  try {
    const info = await stat(path);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      throw invalid(path, `mode ${(info.mode & 0o777).toString(8)} lets others read it; run chmod 600`);
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || opening === 'existing-only') throw error;
    const ring = KeyRing.generate(clock);
    await makeFolders(dirname(path));
    try {
      await writeKeyFile(path, ring.all(), 'wx');
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code === 'EEXIST') return openKeyFile(path, clock, opening);
      throw raced;
    }
    return new KeyRing(ring.all(), clock, persist);
  }
  return new KeyRing(parseKeyFile(path, text), clock, persist);
}

function parseKeyFile(path: string, text: string): Ed25519Key[] {
  let content: KeyFileContent;
  try {
    content = JSON.parse(text) as KeyFileContent;
  } catch {
    throw invalid(path, 'not valid JSON');
  }
  if (content?.version !== 1 || !Array.isArray(content.keys) || content.keys.length === 0) throw invalid(path, 'expected {version: 1, keys: [...]}');
  return content.keys.map((stored, i) => {
    try {
      return Ed25519Key.fromStored(stored);
    } catch {
      throw invalid(path, `key #${i} is not a valid Ed25519 private key`);
    }
  });
}

async function writeKeyFile(path: string, keys: readonly Ed25519Key[], flag: 'w' | 'wx' = 'w'): Promise<void> {
  const content: KeyFileContent = { version: 1, keys: keys.map((k) => k.toStored()) };
  const text = `${JSON.stringify(content, null, 2)}\n`;
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, text, { mode: 0o600, flag: 'w' });
  await chmod(temporary, 0o600);
  if (flag === 'w') {
    await rename(temporary, path);
    return;
  }
  // Created whole or not at all (EEXIST): another process starting at the same time never reads a half-written file.
  try {
    await link(temporary, path);
  } finally {
    await unlink(temporary);
  }
}
