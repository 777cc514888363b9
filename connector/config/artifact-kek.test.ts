import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kekFile, kekFromSecret, kekOf, kekSourceFrom } from './artifact-kek.js';

const posix = process.platform !== 'win32';

describe('artifact key-encryption key (KEK)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kontor-kek-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should create the KEK file on first use with mode 0600 (folder 0700) and reuse it after a restart', async () => {
    const path = join(dir, 'keys', 'artifacts.kek.json');
    const first = await kekFile(path).current();
    expect(first.key).toHaveLength(32);
    expect(first.kekId).toMatch(/^kek-[0-9a-f]{16}$/);
    if (posix) {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    }
    const text = readFileSync(path, 'utf8');
    const again = await kekFile(path).current(); // a new process: a new source on the same file
    expect(again.kekId).toBe(first.kekId);
    expect(again.key.equals(first.key)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(readdirSync(join(dir, 'keys'))).toEqual(['artifacts.kek.json']); // no temporary files left
  });

  it('should agree on one KEK when several sources create the file at once', async () => {
    const path = join(dir, 'kek.json');
    const keks = await Promise.all(Array.from({ length: 8 }, () => kekFile(path).current()));
    expect(new Set(keks.map((k) => k.kekId)).size).toBe(1);
    expect(readdirSync(dir)).toEqual(['kek.json']);
  });

  it.runIf(posix)('should refuse a KEK file others may read, naming the fix and never the key', async () => {
    const path = join(dir, 'kek.json');
    await kekFile(path).current();
    chmodSync(path, 0o644);
    const error = await kekFile(path)
      .current()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('chmod 600') });
    expect(String((error as Error).message)).not.toContain(JSON.parse(readFileSync(path, 'utf8')).keys[0].key);
  });

  it('should refuse a KEK file that does not parse or whose key does not match its id', async () => {
    const path = join(dir, 'kek.json');
    writeFileSync(path, 'not json', { mode: 0o600 });
    await expect(kekFile(path).current()).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('not valid JSON') });
    writeFileSync(path, JSON.stringify({ version: 1, keys: [{ kekId: 'kek-0000000000000000', key: randomBytes(32).toString('base64') }] }));
    await expect(kekFile(path).current()).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('does not match its id') });
    writeFileSync(path, JSON.stringify({ version: 1, keys: [{ kekId: 'kek-0000000000000000', key: 'c2hvcnQ=' }] }));
    await expect(kekFile(path).current()).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('base64 of 32 bytes') });
  });

  it('should refuse a missing KEK file named explicitly (usage.artifactKekFile), creating neither it nor its folder', async () => {
    const path = join(dir, 'typo', 'kek.json');
    const refused = kekSourceFrom({ file: path, fileGiven: true });
    for (const use of [() => refused.current(), () => refused.find('kek-0000000000000000'), () => refused.ids()])
      await expect(use()).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        detail: `usage.artifactKekFile (KONTOR_ARTIFACT_KEK_FILE) ${path}: the KEK file does not exist; give the file you used before, or unset the setting to let the connector create one at the default path`,
      });
    expect(readdirSync(dir)).toEqual([]);
    // Not named (the default path): created as before; named explicitly once it exists: used as it is.
    const made = await kekSourceFrom({ file: join(dir, 'kek.json') }).current();
    expect(readdirSync(dir)).toEqual(['kek.json']);
    expect((await kekSourceFrom({ file: join(dir, 'kek.json'), fileGiven: true }).current()).kekId).toBe(made.kekId);
  });

  it('should take a KEK from a secret (base64 or base64url of 32 bytes), with an id derived from the key', async () => {
    const bytes = randomBytes(32);
    const fromSecret = await kekFromSecret(` ${bytes.toString('base64')}\n`).current();
    expect(fromSecret.key.equals(bytes)).toBe(true);
    expect(fromSecret.kekId).toBe(kekOf(bytes).kekId);
    expect((await kekFromSecret(bytes.toString('base64url')).current()).kekId).toBe(fromSecret.kekId);
    expect(() => kekFromSecret('too-short')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => kekFromSecret('!'.repeat(44))).toThrow(/base64 of 32 bytes/);
    const viaSettings = kekSourceFrom({ file: join(dir, 'unused.json'), secret: bytes.toString('base64') });
    expect((await viaSettings.current()).kekId).toBe(fromSecret.kekId);
    expect(readdirSync(dir)).toEqual([]); // the secret wins: no file is created
  });
});
