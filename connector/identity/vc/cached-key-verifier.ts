import { verify } from 'node:crypto';
import type { VerificationMethod } from '../did/did-document.js';
import { ed25519PublicKey } from '../token/public-key.js';

/** What a Data Integrity cryptosuite's `createVerifier` returns. */
export interface DataIntegrityVerifier {
  id?: string;
  algorithm: string;
  verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
}

type CreateVerifier = (options: { verificationMethod: Record<string, unknown> }) => Promise<DataIntegrityVerifier>;

/**
 * A cryptosuite's `createVerifier` that checks signatures of Ed25519 Multikey verification methods with a KeyObject built
 * once per key (the library's own verifier imports the key anew for every signature); any other kind of
 * verification method goes to the library's verifier (`fallback`), which accepts or refuses it as before.
 */
export function cachedKeyVerifier(fallback: CreateVerifier): CreateVerifier {
  return async ({ verificationMethod }) => {
    const key =
      verificationMethod.type === 'Multikey' && typeof verificationMethod.publicKeyMultibase === 'string'
        ? ed25519PublicKey(verificationMethod as unknown as VerificationMethod)
        : undefined;
    if (!key) return fallback({ verificationMethod });
    return {
      ...(typeof verificationMethod.id === 'string' ? { id: verificationMethod.id } : {}),
      algorithm: 'Ed25519',
      verify: async ({ data, signature }) => verify(null, data, key, signature),
    };
  };
}
