import { ConnectorError } from '../../core/index.js';
import { didWebLocation } from '../identity/index.js';

/** One spelling per DID: percent escapes upper-case, so `%3a` and `%3A` (one document, one participant) are one DID. */
export function canonicalDid(did: string): string {
  return did.replace(/%[0-9a-fA-F]{2}/g, (percent) => percent.toUpperCase());
}

/**
 * The DID a participant is registered under, in its canonical form: only a did:web whose document can be located
 * (a participant proves control by signing with a key of that document), with its host spelled as a URL has it;
 * anything else is VALIDATION_FAILED on /did.
 */
export function participantDid(did: string): string {
  const canonical = canonicalDid(did);
  if (!didWebLocation(canonical)) {
    const message = canonical.startsWith('did:web:')
      ? 'not a valid did:web (a host, then non-empty path segments other than . and ..)'
      : 'only did:web participants can be registered';
    throw invalid(message);
  }
  const respelled = hostRespelled(canonical);
  if (respelled !== undefined) {
    throw invalid(
      `write the host in lower case, as a URL has it (no escaped letters or digits, no default port): ${respelled}; the resolver fetches that host's document, whose id must be the DID`,
    );
  }
  return canonical;
}

/**
 * For a did:web `didWebLocation` accepts: the DID with its host spelled as a URL has it (lower case, no escaped letters,
 * digits or `-._~`, no default port), when that differs from the DID's own spelling; else undefined.
 * `did:web:EXAMPLE.com` and `did:web:example.com` name one document (the resolver fetches https://example.com/.well-known/did.json for both), which can have one id only: two
 * spellings of a host would register one organisation twice, once under a DID that never resolves.
 */
export function hostRespelled(did: string): string | undefined {
  const [encodedHost = '', ...segments] = did.slice('did:web:'.length).split(':');
  const decoded = decodeURIComponent(encodedHost);
  const host = new URL(`https://${decoded}`).host;
  const needlessEscape = [...encodedHost.matchAll(/%[0-9A-F]{2}/gi)].some(([percent]) => /^[\w.~-]$/.test(decodeURIComponent(percent)));
  if (host === decoded && !needlessEscape) return undefined;
  return ['did:web', host.replaceAll(':', '%3A'), ...segments].join(':');
}

function invalid(message: string): ConnectorError {
  return new ConnectorError('VALIDATION_FAILED', { detail: `/did: ${message}`, violations: [{ pointer: '/did', message }] });
}
