import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kekOf, staticKeks } from '../config/artifact-kek.js';
import { unwrapArtifactKey, wrapArtifactKey } from './artifact-key-wrap.js';

const kek = kekOf(randomBytes(32));
const binding = { agreementId: 'urn:uuid:agreement-1', artifactClass: 'per-site-updates', keyId: 'urn:uuid:key-1' };

describe('artifact key wrapping (AES-256-GCM under the KEK, bound to agreement, class and key id)', () => {
  it('should round-trip, with a fresh IV each time and nothing of the key in the stored form', async () => {
    const key = randomBytes(32);
    const wrapped = wrapArtifactKey(kek, binding, key);
    expect(wrapped).toMatch(new RegExp(`^kw1:${kek.kekId}:[A-Za-z0-9+/]+=*$`));
    expect(wrapped).not.toContain(key.toString('base64'));
    expect(wrapped).not.toContain(key.toString('hex'));
    expect(Buffer.from(wrapped.split(':')[2] ?? '', 'base64').includes(key)).toBe(false);
    expect(wrapArtifactKey(kek, binding, key)).not.toBe(wrapped);
    expect((await unwrapArtifactKey(staticKeks(kek), binding, wrapped)).equals(key)).toBe(true);
  });

  it('should refuse a wrapped key moved to another agreement, class or key id', async () => {
    const wrapped = wrapArtifactKey(kek, binding, randomBytes(32));
    for (const moved of [
      { ...binding, agreementId: 'urn:uuid:agreement-2' },
      { ...binding, artifactClass: 'checkpoints' },
      { ...binding, keyId: 'urn:uuid:key-2' },
    ]) {
      await expect(unwrapArtifactKey(staticKeks(kek), moved, wrapped)).rejects.toMatchObject({
        code: 'STORE_INTEGRITY',
        retryable: false,
        message: expect.stringContaining('does not unwrap'),
      });
    }
  });

  it('should refuse a tampered wrapped key', async () => {
    const wrapped = wrapArtifactKey(kek, binding, randomBytes(32));
    const body = Buffer.from(wrapped.split(':')[2] ?? '', 'base64');
    body[20] = (body[20] as number) ^ 1;
    await expect(unwrapArtifactKey(staticKeks(kek), binding, `kw1:${kek.kekId}:${body.toString('base64')}`)).rejects.toMatchObject({ code: 'STORE_INTEGRITY' });
  });

  it('should name both KEK ids when the key was wrapped with a KEK this connector does not hold', async () => {
    const other = kekOf(randomBytes(32));
    const wrapped = wrapArtifactKey(kek, binding, randomBytes(32));
    const error = await unwrapArtifactKey(staticKeks(other), binding, wrapped).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', retryAfterSeconds: 30 }); // the server's KEK, not the request
    expect((error as Error).message).toContain(kek.kekId);
    expect((error as Error).message).toContain(other.kekId);
    expect(await unwrapArtifactKey(staticKeks(other, kek), binding, wrapped)).toHaveLength(32); // an old KEK still unwraps after a rotation
  });

  it('should refuse a stored value that is not in the wrapped format (e.g. a plain key from before wrapping)', async () => {
    for (const stored of [randomBytes(32).toString('base64'), `kw1:${kek.kekId}:c2hvcnQ=`, `kw2:${kek.kekId}:x`, 'kw1:kek-zz:abc', '']) {
      await expect(unwrapArtifactKey(staticKeks(kek), binding, stored)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('wrapped format') });
    }
  });
});
