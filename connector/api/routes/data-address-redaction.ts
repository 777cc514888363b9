import type { DataAddress } from '../../../catalog/index.js';
import { validationError } from '../../../core/index.js';
import { HEADER_PREFIX } from '../../dataplane/index.js';

/** Data-address values that may hold a secret are write-only: shown redacted, kept on replace. */
export const REDACTED = '<redacted>';
const SECRET_NAME = /secret|password|token|api-?key|authcode|authorization|credential/i;

/**
 * The data address as the management APIs show it: secret-looking names are redacted, every HttpData
 * `header:<name>` value (extra headers often carry keys), and each value of `baseUrl`'s query (signed URLs and
 * `?key=` carry secrets there); the query's names stay readable.
 */
export function redactDataAddress(address: DataAddress): DataAddress {
  const shown = Object.entries(address).map(([k, v]) => [k, SECRET_NAME.test(k) || k.startsWith(HEADER_PREFIX) ? REDACTED : k === 'baseUrl' ? redactQuery(v) : v]);
  return Object.fromEntries(shown) as DataAddress;
}

/**
 * The address a replace stores: each value sent back as `<redacted>` keeps the stored one, as does each query value
 * of `baseUrl` sent back redacted (by its name and place among the values of that name). A redacted query value
 * with no stored value to keep is refused, naming `/dataAddress/baseUrl`, never stored as the text `<redacted>`.
 */
export function keepRedacted(next: DataAddress, current: DataAddress): DataAddress {
  const out = { ...next };
  for (const [k, v] of Object.entries(out)) {
    if (v === REDACTED && current[k] !== undefined) out[k] = current[k];
  }
  if (typeof out.baseUrl === 'string' && out.baseUrl !== REDACTED) out.baseUrl = keepQueryValues(out.baseUrl, current.baseUrl);
  return out;
}

interface SplitUrl {
  head: string;
  parts: string[];
  tail: string;
}

/** `https://h/p?a=1&b#f` → head `https://h/p`, parts `a=1`, `b`, tail `#f` (no query: parts empty). */
function splitQuery(url: string): SplitUrl | undefined {
  const hash = url.indexOf('#');
  const beforeHash = hash < 0 ? url : url.slice(0, hash);
  const tail = hash < 0 ? '' : url.slice(hash);
  const q = beforeHash.indexOf('?');
  if (q < 0) return undefined;
  return { head: beforeHash.slice(0, q), parts: beforeHash.slice(q + 1).split('&'), tail };
}

const nameOf = (part: string) => (part.includes('=') ? part.slice(0, part.indexOf('=')) : part);
const join = (u: SplitUrl, parts: string[]) => `${u.head}?${parts.join('&')}${u.tail}`;

function redactQuery(value: unknown): unknown {
  const u = typeof value === 'string' ? splitQuery(value) : undefined;
  return u
    ? join(
        u,
        u.parts.map((p) => (p.includes('=') ? `${nameOf(p)}=${REDACTED}` : p)),
      )
    : value;
}

function isRedacted(part: string): boolean {
  if (!part.includes('=')) return false;
  const value = part.slice(part.indexOf('=') + 1);
  return value === REDACTED || value.toLowerCase() === '%3credacted%3e';
}

function keepQueryValues(url: string, stored: unknown): string {
  const u = splitQuery(url);
  if (!u?.parts.some(isRedacted)) return url;
  const old = typeof stored === 'string' ? (splitQuery(stored)?.parts ?? []) : [];
  const seen = new Map<string, number>();
  const parts = u.parts.map((p) => {
    if (!p.includes('=')) return p;
    const name = nameOf(p);
    const nth = seen.get(name) ?? 0;
    seen.set(name, nth + 1);
    if (!isRedacted(p)) return p;
    const kept = old.filter((o) => nameOf(o) === name && o.includes('='))[nth];
    if (kept === undefined)
      throw validationError([
        { pointer: '/dataAddress/baseUrl', message: `sends '${name}' as ${REDACTED}, but the stored baseUrl has no such value to keep: send the real value` },
      ]);
    return kept;
  });
  return join(u, parts);
}
