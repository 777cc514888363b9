import { absoluteId, VERIFICATION_RELATIONSHIPS, type DidDocument, type VerificationMethod, type VerificationRelationship } from './did-document.js';

/** Every verification method of the document, embedded ones included, with absolute ids. */
export function verificationMethods(doc: DidDocument): VerificationMethod[] {
  const out = new Map<string, VerificationMethod>();
  const add = (vm: unknown) => {
    if (!vm || typeof vm !== 'object') return;
    const method = vm as VerificationMethod;
    if (typeof method.id !== 'string') return;
    const id = absoluteId(doc.id, method.id);
    if (!out.has(id)) out.set(id, { ...method, id, controller: typeof method.controller === 'string' ? method.controller : doc.id });
  };
  for (const vm of doc.verificationMethod ?? []) add(vm);
  for (const rel of VERIFICATION_RELATIONSHIPS) for (const vm of doc[rel] ?? []) add(vm);
  return [...out.values()];
}

/** The verification method with this (absolute or `#relative`) id, if the document has one. */
export function findVerificationMethod(doc: DidDocument, id: string): VerificationMethod | undefined {
  const wanted = absoluteId(doc.id, id);
  return verificationMethods(doc).find((vm) => vm.id === wanted);
}

/** Whether the method is listed under the relationship (by reference or embedded). */
export function hasRelationship(doc: DidDocument, methodId: string, relationship: VerificationRelationship): boolean {
  const wanted = absoluteId(doc.id, methodId);
  return (doc[relationship] ?? []).some((entry) => absoluteId(doc.id, typeof entry === 'string' ? entry : entry.id) === wanted);
}

/**
 * What a DID URL dereferences to inside its resolved document: the document itself without a
 * fragment, else the verification method or service entry with that id (undefined when none).
 * A verification method gets its key-type context so JSON-LD processors can read it alone.
 */
export function selectDidUrl(doc: DidDocument, didUrl: string): object | undefined {
  const hash = didUrl.indexOf('#');
  if (hash < 0) return doc;
  const fragmentId = absoluteId(doc.id, didUrl.slice(hash));
  const vm = findVerificationMethod(doc, fragmentId);
  if (vm) return vm.type === 'Multikey' ? { '@context': 'https://w3id.org/security/multikey/v1', ...vm } : vm;
  return (doc.service ?? []).find((s) => absoluteId(doc.id, s.id) === fragmentId);
}

/**
 * Whether the method may prove who calls (sign self-issued tokens): it is listed under authentication or
 * capabilityInvocation. A document that lists no method under either (EDC's omit relationships) leaves every
 * verification method allowed, as before relationships were read.
 */
export function mayAuthenticate(doc: DidDocument, methodId: string): boolean {
  const listed = (doc.authentication?.length ?? 0) + (doc.capabilityInvocation?.length ?? 0) > 0;
  return !listed || hasRelationship(doc, methodId, 'authentication') || hasRelationship(doc, methodId, 'capabilityInvocation');
}
