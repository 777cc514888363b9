import { didWebProblem, isDid } from './did-syntax.js';

/**
 * Why `participantId` cannot be this connector's id, or undefined. With the DCP identity peers resolve it to fetch the
 * DID document (keys, credential service) this connector serves, so it must be a did:web; the development identity
 * takes any id (the Eclipse DSP TCK names participants without DIDs, docs/tck.md).
 */
export function participantIdProblem(id: string, identityKind: string): string | undefined {
  if (identityKind !== 'dcp') return undefined;
  const where = 'with identity.kind dcp, participantId (KONTOR_PARTICIPANT_ID) must be a did:web, from which peers fetch this connector’s DID document';
  if (!isDid(id)) return `'${id}' is not a DID: ${where} (ids that are not DIDs are for identity.kind dev only)`;
  const problem = didWebProblem(id);
  return problem ? `'${id}' ${problem}: ${where}` : undefined;
}
