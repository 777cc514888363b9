import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { verify } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { openKeyFile } from './key-file.js';

describe('key file', () => {
  let dir: string;
  const clock = new FixedClock();
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kontor-keys-'));
  });

  it('should create a 0600 file with one key when missing, and read the same key back', async () => {
    const path = join(dir, 'nested', 'keys.json');
    const ring = await openKeyFile(path, clock);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const again = await openKeyFile(path, clock);
    expect(again.current().publicKeyMultibase).toBe(ring.current().publicKeyMultibase);
    expect(again.current().kid).toBe('key-1');
  });

  it('should never create a file or folder when opening existing-only, and open an existing file the same', async () => {
    const path = join(dir, 'nested', 'keys.json');
    await expect(openKeyFile(path, clock, 'existing-only')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(openKeyFile(join(dir, 'keys.json'), clock, 'existing-only')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
    const created = await openKeyFile(path, clock);
    const opened = await openKeyFile(path, clock, 'existing-only');
    expect(opened.current().publicKeyMultibase).toBe(created.current().publicKeyMultibase);
    await opened.rotate();
    expect((await openKeyFile(path, clock, 'existing-only')).all().map((k) => k.kid)).toEqual(['key-1', 'key-2']);
  });

  it('should give openers that race on a missing file one key, and leave no temporary file', async () => {
    const path = join(dir, 'shared', 'keys.json');
    const rings = await Promise.all(Array.from({ length: 12 }, () => openKeyFile(path, clock)));
    expect(new Set(rings.map((r) => r.current().publicKeyMultibase)).size).toBe(1);
    expect((await readdir(join(dir, 'shared'))).sort()).toEqual(['keys.json']); // no temporary file left behind
  });

  it('should rotate: a new current key, old keys kept and persisted', async () => {
    const path = join(dir, 'keys.json');
    const ring = await openKeyFile(path, clock);
    const old = ring.current();
    const [a, b] = await Promise.all([ring.rotate(), ring.rotate()]);
    expect([a.kid, b.kid]).toEqual(['key-2', 'key-3']);
    const reread = await openKeyFile(path, clock);
    expect(reread.all().map((k) => k.kid)).toEqual(['key-1', 'key-2', 'key-3']);
    expect(reread.current().kid).toBe('key-3');
    const message = Buffer.from('signed before rotation');
    expect(verify(null, message, reread.find('key-1')!.publicKey, old.sign(message))).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('should retire a rotated key for good, refuse the current key and name the keys for an unknown id', async () => {
    const path = join(dir, 'keys.json');
    const ring = await openKeyFile(path, clock);
    await ring.rotate();
    await ring.rotate();
    await expect(ring.retire('key-3')).rejects.toThrow(/'key-3' is the current key/);
    await expect(ring.retire('key-9')).rejects.toThrow("no key 'key-9' (keys: key-1, key-2, key-3)");
    expect((await ring.retire('key-1')).kid).toBe('key-1');
    expect(ring.all().map((k) => k.kid)).toEqual(['key-2', 'key-3']);
    const reread = await openKeyFile(path, clock);
    expect(reread.all().map((k) => k.kid)).toEqual(['key-2', 'key-3']);
    expect((await reread.rotate()).kid).toBe('key-4'); // a retired id is never handed out again
  });

  it('should refuse a file others may read, and a corrupt one, without echoing its content', async () => {
    const path = join(dir, 'keys.json');
    await openKeyFile(path, clock);
    await chmod(path, 0o644);
    await expect(openKeyFile(path, clock)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await writeFile(path, '{"version":1,"keys":[{"kid":"key-1","privateKeyJwk":{"d":"c2VjcmV0"}}]}', { mode: 0o600 });
    await chmod(path, 0o600);
    const error = (await openKeyFile(path, clock).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(error.message).not.toContain('c2VjcmV0');
  });

  it('should never show secret material in JSON, inspect or strings', async () => {
    const path = join(dir, 'keys.json');
    const ring = await openKeyFile(path, clock);
    const d = (JSON.parse(await readFile(path, 'utf8')) as { keys: { privateKeyJwk: { d: string } }[] }).keys[0]!.privateKeyJwk.d;
    const key = ring.current();
    for (const shown of [JSON.stringify(key), JSON.stringify(ring.all()), inspect(key, { depth: 5, showHidden: true }), String(key), inspect(ring, { depth: 5 })]) {
      expect(shown).not.toContain(d);
    }
    expect(JSON.parse(JSON.stringify(key))).toEqual({ kid: 'key-1', createdAt: clock.isoNow(), publicKeyMultibase: key.publicKeyMultibase });
  });
});
