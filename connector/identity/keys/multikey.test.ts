import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { describe, expect, it } from 'vitest';
import { Ed25519Key } from './ed25519-key.js';
import { multibaseToPublicKey, publicKeyToMultibase } from './multikey.js';

describe('Multikey encoding', () => {
  it('should agree with @digitalbazaar/ed25519-multikey both ways', async () => {
    for (let i = 0; i < 20; i++) {
      const pair = await Ed25519Multikey.generate();
      expect(publicKeyToMultibase(pair.publicKey)).toBe(pair.publicKeyMultibase);
      expect(Buffer.from(multibaseToPublicKey(pair.publicKeyMultibase)!)).toEqual(Buffer.from(pair.publicKey));
    }
  });

  it('should give keys the z6Mk prefix and reject other multibase values', () => {
    expect(Ed25519Key.generate('k', '2026-01-01T00:00:00Z').publicKeyMultibase).toMatch(/^z6Mk/);
    expect(multibaseToPublicKey('uAAAA')).toBeUndefined();
    expect(multibaseToPublicKey('z0OIl')).toBeUndefined();
    const valid = Ed25519Key.generate('k', '2026-01-01T00:00:00Z').publicKeyMultibase;
    expect(multibaseToPublicKey(valid)).toBeDefined();
    expect(multibaseToPublicKey(`${valid.slice(0, 10)} ${valid.slice(10)}`)).toBeUndefined();
    expect(multibaseToPublicKey('zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme')).toBeUndefined();
  });
});
