import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KEY_MEMO_SIZE, memoizedVerificationKey } from './verification-key-memo.js';
import type { VerificationKey } from './verification-key.js';

const vm = (jwk: unknown) => ({ id: 'did:web:a#k', type: 'JsonWebKey2020', controller: 'did:web:a', publicKeyJwk: jwk as Record<string, unknown> });
const edJwk = () => generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });

describe('memoized verification keys', () => {
  it('should give the same key object for the same material, and a new one for new material (a rotated key)', () => {
    const memo = new Map<string, VerificationKey>();
    const jwk = edJwk();
    const first = memoizedVerificationKey(vm(jwk), memo);
    expect(first?.alg).toBe('EdDSA');
    expect(memoizedVerificationKey(vm({ ...jwk }), memo)).toBe(first);
    const rotated = edJwk();
    const other = memoizedVerificationKey(vm(rotated), memo);
    expect(other).not.toBe(first);
    expect(other?.key.export({ format: 'jwk' })).toEqual(rotated);
  });

  it('should still refuse a private JWK whose public part it knows, and remember no refusal', () => {
    const memo = new Map<string, VerificationKey>();
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    expect(memoizedVerificationKey(vm(publicKey.export({ format: 'jwk' })), memo)).toBeDefined();
    expect(memoizedVerificationKey(vm(privateKey.export({ format: 'jwk' })), memo)).toBeUndefined();
    expect(memo.size).toBe(1);
  });

  it('should keep at most KEY_MEMO_SIZE materials, dropping the least recently used', () => {
    const memo = new Map<string, VerificationKey>();
    const jwks = Array.from({ length: KEY_MEMO_SIZE + 1 }, edJwk);
    const first = memoizedVerificationKey(vm(jwks[0]), memo);
    for (const jwk of jwks.slice(1)) memoizedVerificationKey(vm(jwk), memo);
    expect(memo.size).toBe(KEY_MEMO_SIZE);
    expect(memoizedVerificationKey(vm(jwks[0]), memo)).not.toBe(first);
  });
});
