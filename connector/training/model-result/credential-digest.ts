import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

const canonical = canonicalize as unknown as (value: unknown) => string | undefined;

/**
 * Pure: the digest a site's attestation names the credential it attests by (`attestsDigest`): `sha256:` and the hex
 * SHA-256 of the credential's RFC 8785 (JCS) canonical JSON without its `proof`. A credential re-signed with any changed
 * member, under the same id, has another digest; re-signing the same content does not change it.
 */
export function credentialDigest(credential: Record<string, unknown>): string {
  const { proof: _proof, ...unsigned } = credential;
  return `sha256:${createHash('sha256')
    .update(canonical(unsigned) ?? '')
    .digest('hex')}`;
}

/** Pure: why an attestation's subject does not name this credential (its id, digest and model), or undefined when it does. */
export function attestsOtherCredential(subject: Record<string, unknown>, credential: Record<string, unknown>): string | undefined {
  const modelHash = ((credential.credentialSubject ?? {}) as Record<string, unknown>).modelHash;
  if (subject.attests !== credential.id) return `it attests credential ${String(subject.attests)}, not ${String(credential.id)}`;
  if (subject.modelHash !== modelHash) return `it attests model ${String(subject.modelHash)}, not ${String(modelHash)}`;
  if (subject.attestsDigest === undefined) return "it names no attestsDigest (an attestation from before the digest does not bind the credential's content)";
  const digest = credentialDigest(credential);
  if (subject.attestsDigest !== digest)
    return `its attestsDigest ${String(subject.attestsDigest)} is not the credential's digest ${digest} (the credential was changed after the site signed)`;
  return undefined;
}
