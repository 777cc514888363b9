import { describe, expect, it } from 'vitest';
import { kekOf, staticKeks } from '../config/artifact-kek.js';
import { fieldCipher, isSealed, openWithout } from './field-cipher.js';

const kekA = kekOf(Buffer.alloc(32, 1));
const kekB = kekOf(Buffer.alloc(32, 2));
const row = { table: 'assets', column: 'dataAddress', id: 'a1' };
const address = { type: 'HttpData', baseUrl: 'https://src.example/data', authorization: 'Bearer source-s3cret' };

describe('field cipher', () => {
  it('should seal a value so that the stored text holds no part of it, and open it again', async () => {
    const cipher = await fieldCipher(staticKeks(kekA));
    const stored = cipher.seal(row, address);
    expect(isSealed(stored)).toBe(true);
    expect(stored).not.toContain('source-s3cret');
    expect(stored).toMatch(new RegExp(`^fs1:${kekA.kekId}:`));
    expect(cipher.open(row, stored)).toEqual(address);
  });

  it('should open a value it opened before to a fresh copy, and still refuse it moved to another row or tampered', async () => {
    const cipher = await fieldCipher(staticKeks(kekA));
    const stored = cipher.seal(row, address);
    const first = cipher.open(row, stored) as typeof address;
    first.baseUrl = 'changed by a caller';
    expect(cipher.open(row, stored)).toEqual(address);
    expect(() => cipher.open({ ...row, id: 'a2' }, stored)).toThrow(/does not open/);
    expect(() => cipher.open(row, `${stored.slice(0, -6)}AAAA==`)).toThrow();
  });

  it('should pass values stored before sealing through unchanged', async () => {
    const cipher = await fieldCipher(staticKeks(kekA));
    expect(cipher.open(row, address)).toEqual(address);
    expect(cipher.open(row, 'a clear webhook secret')).toBe('a clear webhook secret');
  });

  it('should refuse a sealed value moved to another row, tampered, or sealed under a KEK it does not hold', async () => {
    const cipher = await fieldCipher(staticKeks(kekA));
    const stored = cipher.seal(row, address);
    expect(() => cipher.open({ ...row, id: 'a2' }, stored)).toThrow(/does not open/);
    const tampered = `${stored.slice(0, -6)}AAAA==`;
    expect(() => cipher.open(row, tampered)).toThrow();
    // The server's KEK, not the caller's request, is wrong (upgrade review item 1 d): 503 STORE_UNAVAILABLE, naming both KEKs.
    const other = await fieldCipher(staticKeks(kekB));
    expect(() => other.open(row, stored)).toThrow(
      expect.objectContaining({
        code: 'STORE_UNAVAILABLE',
        retryAfterSeconds: 30,
        detail: `assets.dataAddress of 'a1' is sealed with KEK ${kekA.kekId}, which this connector does not hold (it holds ${kekB.kekId}): the server's artifact KEK (usage.artifactKek or usage.artifactKekFile) is not the one the store was sealed with`,
      }),
    );
    expect(other.kekIds).toEqual([kekB.kekId]);
    expect((await fieldCipher(staticKeks(kekB, kekA))).kekIds).toEqual([kekB.kekId, kekA.kekId]);
  });

  it('should open values sealed under an older KEK after a rotation', async () => {
    const stored = (await fieldCipher(staticKeks(kekA))).seal(row, address);
    const rotated = await fieldCipher(staticKeks(kekB, kekA));
    expect(rotated.open(row, stored)).toEqual(address);
    expect(rotated.seal(row, address)).toMatch(new RegExp(`^fs1:${kekB.kekId}:`));
  });

  it('should refuse to read a sealed value without a cipher', async () => {
    const stored = (await fieldCipher(staticKeks(kekA))).seal(row, address);
    expect(() => openWithout(row, stored)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(openWithout(row, address)).toBe(address);
  });
});
