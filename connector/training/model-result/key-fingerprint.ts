import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

const canonical = canonicalize as unknown as (value: unknown) => string | undefined;

/** The part of a DID document read here (identity's DidDocument fits). */
interface KeyListing {
  verificationMethod?: { id: string; publicKeyMultibase?: string; publicKeyJwk?: Record<string, unknown> }[];
}

/**
 * Pure: the fingerprint of each key a DID document lists (`verificationMethod`): its id and `sha256:` with the hex
 * SHA-256 of its public key as written (`publicKeyMultibase`, or the RFC 8785 canonical JSON of `publicKeyJwk`). What a
 * person compares with the fingerprint the signer publishes elsewhere, before trusting a self-consistent result.
 */
export function keyFingerprints(document: KeyListing | undefined): string[] {
  return (document?.verificationMethod ?? []).map((vm) => {
    const key = vm.publicKeyMultibase ?? canonical(vm.publicKeyJwk ?? null) ?? '';
    return `${vm.id} sha256:${createHash('sha256').update(key).digest('hex')}`;
  });
}
