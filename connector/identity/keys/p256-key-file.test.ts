import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openP256KeyFile } from './p256-key-file.js';

describe('P-256 key file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kontor-p256-'));
    dirs.push(dir);
    return join(dir, 'sub', 'keys.p256.json');
  };

  it('should create the key with mode 0600 and open the same key again, never showing the private part', async () => {
    const path = fresh();
    const first = await openP256KeyFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = await openP256KeyFile(path);
    expect(again.publicJwk).toEqual(first.publicJwk);
    expect(first.signingKey().asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(JSON.stringify(first)).not.toContain('"d"');
    expect(inspect(first)).not.toContain(String(first.signingKey().export({ format: 'jwk' }).d));
  });

  it('should refuse a key file others may read', async () => {
    const path = fresh();
    await openP256KeyFile(path);
    chmodSync(path, 0o644);
    await expect(openP256KeyFile(path)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
