/** The did:web identifier for a base URL: host (port percent-encoded) plus path segments joined by ':'. */
export function didWebFromUrl(url: string): string {
  const u = new URL(url);
  const host = u.port ? `${u.hostname}%3A${u.port}` : u.hostname;
  const path = u.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...path].join(':');
}
