/**
 * DID syntax (W3C DID Core): `did:` method `:` method-specific id, whose characters are letters, digits, `.`, `-`,
 * `_` and percent-encodings, in `:`-separated parts of which the last is not empty. No path, query or fragment.
 */
const ID_CHAR = '(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})';
const DID = new RegExp(`^did:[a-z0-9]+:(?:${ID_CHAR}*:)*${ID_CHAR}+$`);

export function isDid(value: string): boolean {
  return DID.test(value);
}

/**
 * Why `did` is not a did:web a peer can resolve (did:web method spec), or undefined when it is one: the host (its port
 * percent-encoded as `%3A`) then path segments, none of them empty, `.` or `..`.
 */
export function didWebProblem(did: string): string | undefined {
  if (!did.startsWith('did:web:')) return 'is not a did:web';
  if (!isDid(did)) return 'is not DID syntax (letters, digits, . - _ and %XX in :-separated parts)';
  const [encodedHost = '', ...segments] = did.slice('did:web:'.length).split(':');
  try {
    const host = decodeURIComponent(encodedHost);
    const url = new URL(`https://${host}`);
    if (host === '' || url.pathname !== '/' || url.username || url.password || url.search || url.hash) return `does not name a host ('${host}')`;
    if (segments.map(decodeURIComponent).some((s) => s === '' || s === '.' || s === '..' || s.includes('/'))) return 'has an empty, . or .. path segment, or one holding /';
  } catch {
    return 'does not decode to a host and a path';
  }
  return undefined;
}
