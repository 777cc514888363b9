/**
 * The targets of an RFC 8288 `Link` header by relation, resolved against `base`. `rel` may list several
 * relations; `prev` is read as `previous` (DSP names the relation `previous`).
 */
export function parseLinkHeader(header: string | null, base: string): Map<string, string> {
  const links = new Map<string, string>();
  if (!header) return links;
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,"=\s]+\s*(?:=\s*(?:"[^"]*"|[^;,"\s]*))?)*)/g)) {
    const [, target = '', params = ''] = match;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const names = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    let url: string;
    try {
      url = new URL(target, base).toString();
    } catch {
      continue;
    }
    for (const name of names) {
      const key = name === 'prev' ? 'previous' : name;
      if (!links.has(key)) links.set(key, url);
    }
  }
  return links;
}
