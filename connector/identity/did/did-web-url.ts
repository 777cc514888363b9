/**
 * did:web ⇄ URL (did:web method spec): the host with its port percent-encoded, then path
 * segments joined by ':'. Without a path the document lives at `/.well-known/did.json`, with one at
 * `<path>/did.json`.
 */
export function didWebFromUrl(url: string): string {
  const u = new URL(url);
  const host = u.port ? `${u.hostname}%3A${u.port}` : u.hostname;
  const path = u.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...path].join(':');
}

export interface DidWebLocation {
  /** Host as in a URL: `127.0.0.1:8282`, `[::1]:8282`, `example.com`. */
  host: string;
  hostname: string;
  /** `/.well-known/did.json` or `/a/b/did.json`. */
  path: string;
}

/** Where a did:web document lives, or undefined when the DID is not a valid did:web. */
export function didWebLocation(did: string): DidWebLocation | undefined {
  if (!did.startsWith('did:web:') || did.includes('#') || did.includes('?')) return undefined;
  const [encodedHost, ...segments] = did.slice('did:web:'.length).split(':');
  if (!encodedHost) return undefined;
  try {
    const host = decodeURIComponent(encodedHost);
    const parsed = new URL(`https://${host}`);
    if (parsed.pathname !== '/' || parsed.username || parsed.password || parsed.search || parsed.hash) return undefined;
    const decoded = segments.map(decodeURIComponent);
    if (decoded.some((s) => s === '' || s.includes('/') || s === '.' || s === '..')) return undefined;
    const path = decoded.length === 0 ? '/.well-known/did.json' : `/${decoded.map(encodeURIComponent).join('/')}/did.json`;
    return { host: parsed.host, hostname: parsed.hostname, path };
  } catch {
    return undefined;
  }
}

/** Whether a hostname is loopback: 127.0.0.0/8, localhost, or [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === '[::1]' || h === '::1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m?.slice(1).every((octet) => Number(octet) <= 255) === true;
}

/**
 * Whether a host may be reached over plain HTTP: loopback hosts when allowed, and the host names listed in
 * `httpHosts` (did.httpHosts: a development network's service names, until they have certificates).
 */
export function plainHttpAllowed(hostname: string, allowHttpLoopback: boolean, httpHosts: readonly string[] = []): boolean {
  return (allowHttpLoopback && isLoopbackHost(hostname)) || httpHosts.includes(hostname.toLowerCase());
}

/** The URL to fetch for a did:web DID: https, or http for loopback hosts when allowed. */
export function didWebDocumentUrl(did: string, allowHttpLoopback: boolean, httpHosts: readonly string[] = []): string | undefined {
  const location = didWebLocation(did);
  if (!location) return undefined;
  const scheme = plainHttpAllowed(location.hostname, allowHttpLoopback, httpHosts) ? 'http' : 'https';
  return `${scheme}://${location.host}${location.path}`;
}
