import type { DidDocument, VerificationMethod } from '../did/did-document.js';
import type { DidResolver } from '../did/did-resolver.js';
import { findVerificationMethod, verificationMethods } from '../did/select-did-url.js';
import { verificationKey, type VerificationKey } from './verification-key.js';

/** Why the key of a DID-signed JWT could not be had. */
export type SigningKeyRejection =
  | 'unsupported algorithm'
  | 'issuer DID not resolvable'
  | 'key not controlled by issuer'
  | 'no key id and several keys'
  | 'unknown key'
  | 'unsupported key type'
  | 'algorithm does not match key';

export type SigningKeyResult =
  | { ok: true; method: VerificationMethod; didDocument: DidDocument; key: VerificationKey }
  | { ok: false; reason: SigningKeyRejection; detail?: string };

const ACCEPTED = new Set(['EdDSA', 'ES256']);

/**
 * The key that must have signed a JWT from `issuer`: `alg` must be EdDSA or ES256 (never `none`), `kid` a DID URL of
 * the issuer (or `#fragment`, or absent when the document has one key) naming a method in its resolved document, and
 * the key's type must be the one `alg` names: an ES256 header on an Ed25519 key (or the reverse) is refused. A `kid`
 * the (possibly cached) document lacks makes the resolver `refresh` the DID once before 'unknown key'.
 */
export async function didSigningKey(header: { alg?: unknown; kid?: unknown }, issuer: string, resolver: DidResolver): Promise<SigningKeyResult> {
  if (typeof header.alg !== 'string' || !ACCEPTED.has(header.alg)) return { ok: false, reason: 'unsupported algorithm', detail: String(header.alg) };
  let resolution = await resolver.resolve(issuer);
  if (!resolution.ok) return { ok: false, reason: 'issuer DID not resolvable', detail: resolution.message };
  let picked = pickKey(resolution.didDocument, issuer, header.kid);
  if (picked === 'unknown key' && resolver.refresh) {
    // The cached document may predate a rotation: look once more (the resolver limits how often).
    resolution = await resolver.refresh(issuer);
    if (!resolution.ok) return { ok: false, reason: 'issuer DID not resolvable', detail: resolution.message };
    picked = pickKey(resolution.didDocument, issuer, header.kid);
  }
  if (typeof picked === 'string') return { ok: false, reason: picked };
  const key = verificationKey(picked);
  if (!key) return { ok: false, reason: 'unsupported key type', detail: picked.type };
  if (key.alg !== header.alg) return { ok: false, reason: 'algorithm does not match key', detail: `${header.alg} on a ${key.alg} key` };
  return { ok: true, method: picked, didDocument: resolution.didDocument, key };
}

/** kid: a full DID URL of the issuer, `#fragment`, or absent when the document has exactly one key. */
function pickKey(doc: DidDocument, iss: string, kid: unknown): VerificationMethod | SigningKeyRejection {
  if (kid === undefined) {
    const all = verificationMethods(doc);
    return all.length === 1 && all[0] ? all[0] : 'no key id and several keys';
  }
  if (typeof kid !== 'string' || !(kid.startsWith(`${iss}#`) || kid.startsWith('#'))) return 'key not controlled by issuer';
  const vm = findVerificationMethod(doc, kid);
  if (!vm) return 'unknown key';
  return vm.controller === iss ? vm : 'key not controlled by issuer';
}
