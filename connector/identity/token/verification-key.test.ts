import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { p256PublicKeyMultibase, verificationKey } from './verification-key.js';

const vm = (extra: Record<string, unknown>) => ({ id: 'did:web:a#k', type: 'Multikey', controller: 'did:web:a', ...extra });

describe('verification keys', () => {
  it('should read P-256 keys as Multikey (zDn…) and as EC JWK, both ES256', () => {
    for (let i = 0; i < 8; i++) {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const multibase = p256PublicKeyMultibase(publicKey);
      expect(multibase.startsWith('zDn')).toBe(true);
      const fromMultikey = verificationKey(vm({ publicKeyMultibase: multibase }));
      expect(fromMultikey?.alg).toBe('ES256');
      expect(fromMultikey?.key.export({ format: 'jwk' })).toEqual(publicKey.export({ format: 'jwk' }));
      const jwk = publicKey.export({ format: 'jwk' });
      expect(verificationKey(vm({ type: 'JsonWebKey2020', publicKeyJwk: jwk }))?.alg).toBe('ES256');
    }
  });

  it('should read Ed25519 keys as EdDSA and refuse private JWKs, other curves and garbage', () => {
    const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    expect(verificationKey(vm({ type: 'JsonWebKey2020', publicKeyJwk: ed }))?.alg).toBe('EdDSA');
    const p256Private = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
    expect(verificationKey(vm({ type: 'JsonWebKey2020', publicKeyJwk: p256Private }))).toBeUndefined();
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' });
    expect(verificationKey(vm({ type: 'JsonWebKey2020', publicKeyJwk: p384 }))).toBeUndefined();
    expect(verificationKey(vm({ publicKeyMultibase: 'zDnaeNotAKey' }))).toBeUndefined();
  });
});
