import type { Clock } from '../../core/index.js';
import { issueCredential, type DidDocument, type IdentityRuntime } from '../identity/index.js';
import { openP256KeyFile } from '../identity/index.js';
import { issueJwtCredential } from '../identity/index.js';
import { jwtSignerOf, type JwtSigner } from '../identity/index.js';
import type { CredentialSigner, IssuedFormat } from './credential-signer.js';

export interface AuthoritySigner {
  signer: CredentialSigner;
  /** The DID document with the P-256 key added (as JsonWebKey2020, under assertionMethod) when one signs. */
  didDocument(base: DidDocument): DidDocument;
}

/**
 * The authority's credential signer for its configured format and key type: Data Integrity with the Ed25519 key ring
 * (as before), or JWTs signed EdDSA with that ring or ES256 with the P-256 key file.
 */
export async function authoritySigner(o: {
  runtime: IdentityRuntime;
  clock: Clock;
  format: IssuedFormat;
  keyType: 'Ed25519' | 'P-256';
  p256KeyFile: string;
}): Promise<AuthoritySigner> {
  const { runtime, clock, format } = o;
  if (format === 'ldp') {
    return {
      signer: {
        issuerDid: runtime.did,
        format,
        keyId: () => runtime.signer().verificationMethodId,
        sign: (unsigned) => issueCredential(unsigned, { issuer: runtime.signer(), documentLoader: runtime.documentLoader, clock }),
      },
      didDocument: (d) => d,
    };
  }
  const p256 = o.keyType === 'P-256' ? await openP256KeyFile(o.p256KeyFile) : undefined;
  const kid = p256 ? `${runtime.did}#${p256.kid}` : undefined;
  const jwtSigner = (): JwtSigner => (p256 && kid ? { did: runtime.did, kid, alg: 'ES256', key: p256.signingKey() } : jwtSignerOf(runtime.signer()));
  return {
    signer: { issuerDid: runtime.did, format, keyId: () => jwtSigner().kid, sign: (unsigned) => issueJwtCredential(unsigned, jwtSigner(), format) },
    didDocument: (base) =>
      p256 && kid
        ? {
            ...base,
            verificationMethod: [...(base.verificationMethod ?? []), { id: kid, type: 'JsonWebKey2020', controller: runtime.did, publicKeyJwk: { ...p256.publicJwk } }],
            assertionMethod: [...(base.assertionMethod ?? []), kid],
          }
        : base,
  };
}
