import { credentialsOf, isObject } from '../credential-fields.js';
import type { CredentialVerifier } from '../credential-verifier.js';
import type { PresentationFormat } from './presentation-format.js';

const ENVELOPED = new Set(['EnvelopedVerifiablePresentation', 'EnvelopedVerifiableCredential']);

/** JSON-LD presentations with Data Integrity proofs (eddsa-rdfc-2022), bound to a challenge and our DID as domain. */
export function dataIntegrityFormat(verifier: CredentialVerifier): PresentationFormat {
  return {
    name: 'ldp-eddsa-rdfc-2022',
    accepts: (entry) => isObject(entry) && !(typeof entry.type === 'string' && ENVELOPED.has(entry.type)),
    async verify(entry, expected) {
      const verification = await verifier.verifyPresentation(entry, expected);
      return { verification, credentials: isObject(entry) ? credentialsOf(entry).filter(isObject) : [] };
    },
  };
}
