import type { Ed25519Key } from '../keys/ed25519-key.js';
import type { DidDocument, ServiceEntry, VerificationMethod } from './did-document.js';

/** DCP's service type for the holder's credential service (DCP 1.0, credential service endpoint discovery in the DID document). */
export const CREDENTIAL_SERVICE_TYPE = 'CredentialService';
/** DSP's service type for a connector's protocol endpoint (DSP common protocol, Catena-X CX-0049). */
export const DATA_SERVICE_TYPE = 'DataService';

export interface DidDocumentInput {
  did: string;
  /** Every key that may verify, oldest first, the last one current (a KeyRing's `all()`). */
  keys: readonly Ed25519Key[];
  /** DSP endpoint (or its `/.well-known/dspace-version` URL); omitted for the authority. */
  protocolEndpoint?: string;
  /** Base URL of the credential service; verifiers append `/presentations/query`. */
  credentialService?: string;
  /** Further entries, e.g. an authority's `IssuerService`. */
  extraServices?: readonly ServiceEntry[];
}

/** The verification method id of a key under a DID: `did:web:…#key-1`. */
export function verificationMethodId(did: string, key: Ed25519Key): string {
  return `${did}#${key.kid}`;
}

/**
 * A DID document with one Multikey verification method per key and service entries for DSP and the credential
 * service. Only the current (last) key is listed under authentication and capabilityInvocation, so only it proves who
 * calls (self-issued tokens, DCP's strict checks); every key is listed under assertionMethod, so credentials, offers,
 * agreements and receipts signed by a rotated key still verify. A leaked rotated key thus signs no token a verifier
 * accepts; `KeyRing.retire` removes it altogether.
 */
export function buildDidDocument(input: DidDocumentInput): DidDocument {
  const methods: VerificationMethod[] = input.keys.map((key) => ({
    id: verificationMethodId(input.did, key),
    type: 'Multikey',
    controller: input.did,
    publicKeyMultibase: key.publicKeyMultibase,
  }));
  const ids = methods.map((m) => m.id);
  const current = ids.slice(-1);
  const service: ServiceEntry[] = [];
  if (input.protocolEndpoint) service.push({ id: `${input.did}#dsp`, type: DATA_SERVICE_TYPE, serviceEndpoint: input.protocolEndpoint });
  if (input.credentialService) service.push({ id: `${input.did}#credential-service`, type: CREDENTIAL_SERVICE_TYPE, serviceEndpoint: input.credentialService });
  service.push(...(input.extraServices ?? []));
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: input.did,
    verificationMethod: methods,
    authentication: current,
    assertionMethod: ids,
    capabilityInvocation: [...current],
    ...(service.length > 0 ? { service } : {}),
  };
}

/** The endpoint of the first service entry of that type, if it is a plain URL string. */
export function serviceEndpoint(doc: DidDocument, type: string): string | undefined {
  const entry = (doc.service ?? []).find((s) => (Array.isArray(s.type) ? s.type.includes(type) : s.type === type));
  return typeof entry?.serviceEndpoint === 'string' ? entry.serviceEndpoint : undefined;
}
