import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { JWT_ENVELOPE, signingProfileOf } from './signing-profile.js';

const jwt = async (claims: Record<string, unknown>) => {
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'did:web:authority#es256-key-1' }).sign(privateKey);
};
const enveloped = (compact: string) => ({ type: 'EnvelopedVerifiableCredential', id: `${JWT_ENVELOPE}${compact}` });

describe('signingProfileOf', () => {
  it('should read the format and key of a Data Integrity credential and of enveloped VC 1.1 and VC 2.0 JWTs', async () => {
    expect(signingProfileOf({ id: 'urn:a', proof: { verificationMethod: 'did:web:authority#key-1' } })).toEqual({ format: 'ldp', keyId: 'did:web:authority#key-1' });
    expect(signingProfileOf(enveloped(await jwt({ vc: { id: 'urn:a' } })))).toEqual({ format: 'vc11-sl2021/jwt', keyId: 'did:web:authority#es256-key-1' });
    expect(signingProfileOf(enveloped(await jwt({ id: 'urn:a' })))).toEqual({ format: 'vc20-bssl/jwt', keyId: 'did:web:authority#es256-key-1' });
  });

  it('should say nothing of a credential it cannot read', () => {
    expect(signingProfileOf({ id: 'urn:a' })).toBeUndefined();
    expect(signingProfileOf(enveloped('not-a-jwt'))).toBeUndefined();
  });
});
