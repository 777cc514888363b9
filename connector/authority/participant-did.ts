import { ConnectorError } from '../../core/index.js';
import { didWebLocation } from '../identity/index.js';

/** One spelling per DID: percent escapes upper-case, so `%3a` and `%3A` (one document, one participant) are one DID. */
export function canonicalDid(did: string): string {
  return did.replace(/%[0-9a-fA-F]{2}/g, (percent) => percent.toUpperCase());
}

/**
 * The DID a participant is registered under, in its canonical form: only a did:web whose document can be located
 * (a participant proves control by signing with a key of that document); anything else is VALIDATION_FAILED on /did.
 */
export function participantDid(did: string): string {
  const canonical = canonicalDid(did);
  if (!didWebLocation(canonical)) {
    const message = canonical.startsWith('did:web:')
      ? 'not a valid did:web (a host, then non-empty path segments other than . and ..)'
      : 'only did:web participants can be registered';
    throw new ConnectorError('VALIDATION_FAILED', { detail: `/did: ${message}`, violations: [{ pointer: '/did', message }] });
  }
  return canonical;
}
