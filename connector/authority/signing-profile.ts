import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { IssuedFormat } from './credential-signer.js';

/** How the issued-credential record keeps a credential issued as a JWT. */
export const JWT_ENVELOPE = 'data:application/vc+jwt,';

/** How a stored credential was secured: its format and the key that signed it; undefined when that cannot be read. */
export function signingProfileOf(credential: Record<string, unknown>): { format: IssuedFormat; keyId: string } | undefined {
  const jwt = envelopedJwt(credential);
  if (jwt !== undefined) {
    try {
      const kid = decodeProtectedHeader(jwt).kid;
      const format: IssuedFormat = decodeJwt(jwt).vc !== undefined ? 'vc11-sl2021/jwt' : 'vc20-bssl/jwt';
      return typeof kid === 'string' ? { format, keyId: kid } : undefined;
    } catch {
      return undefined;
    }
  }
  const proof: unknown = Array.isArray(credential.proof) ? credential.proof[0] : credential.proof;
  const method = typeof proof === 'object' && proof !== null ? (proof as { verificationMethod?: unknown }).verificationMethod : undefined;
  return typeof method === 'string' ? { format: 'ldp', keyId: method } : undefined;
}

/** The compact JWT of an enveloped credential, or undefined for a JSON one. */
export function envelopedJwt(credential: Record<string, unknown>): string | undefined {
  const id = credential.id;
  return credential.type === 'EnvelopedVerifiableCredential' && typeof id === 'string' && id.startsWith(JWT_ENVELOPE) ? id.slice(JWT_ENVELOPE.length) : undefined;
}
