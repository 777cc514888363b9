/** The parts of a DID document Kontor reads and writes. Other members pass through untouched. */
export interface VerificationMethod {
  id: string;
  type: string;
  controller: string;
  publicKeyMultibase?: string;
  publicKeyJwk?: Record<string, unknown>;
  [other: string]: unknown;
}

export interface ServiceEntry {
  id: string;
  type: string | string[];
  serviceEndpoint: string | Record<string, unknown> | unknown[];
}

export type VerificationRelationship = 'authentication' | 'assertionMethod' | 'capabilityInvocation' | 'capabilityDelegation' | 'keyAgreement';

export interface DidDocument {
  '@context'?: unknown;
  id: string;
  controller?: string | string[];
  verificationMethod?: VerificationMethod[];
  authentication?: (string | VerificationMethod)[];
  assertionMethod?: (string | VerificationMethod)[];
  capabilityInvocation?: (string | VerificationMethod)[];
  capabilityDelegation?: (string | VerificationMethod)[];
  keyAgreement?: (string | VerificationMethod)[];
  service?: ServiceEntry[];
  [other: string]: unknown;
}

/** Absolute id of a member: `#key-1` relative to the document becomes `did:…#key-1`. */
export function absoluteId(did: string, id: string): string {
  return id.startsWith('#') ? `${did}${id}` : id;
}

export const VERIFICATION_RELATIONSHIPS: readonly VerificationRelationship[] = [
  'authentication',
  'assertionMethod',
  'capabilityInvocation',
  'capabilityDelegation',
  'keyAgreement',
];

const isStringOrStrings = (value: unknown): boolean => typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));

/** A relationship member: a method's id, or an embedded method with a string `id` (and a string or string[] `controller`). */
function isRelationshipMember(entry: unknown): boolean {
  if (typeof entry === 'string') return true;
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return false;
  const method = entry as Record<string, unknown>;
  return typeof method.id === 'string' && (method.controller === undefined || isStringOrStrings(method.controller));
}

/**
 * Shape check for a document someone else served: a `did:` id, arrays where arrays belong, and every verification
 * relationship present an array of ids or embedded methods, so that no reader meets `null`, a number or a string there.
 */
export function isDidDocument(value: unknown): value is DidDocument {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const doc = value as Record<string, unknown>;
  if (typeof doc.id !== 'string' || !doc.id.startsWith('did:')) return false;
  const vms = doc.verificationMethod;
  if (vms !== undefined && !Array.isArray(vms)) return false;
  for (const relationship of VERIFICATION_RELATIONSHIPS) {
    const members = doc[relationship];
    if (members !== undefined && !(Array.isArray(members) && members.every(isRelationshipMember))) return false;
  }
  const service = doc.service;
  return service === undefined || Array.isArray(service);
}
