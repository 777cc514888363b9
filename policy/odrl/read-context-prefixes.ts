import { DEFAULT_PREFIXES, type PrefixMap } from '../model/iri.js';
import { isRecord } from './json-node.js';

/** Prefix definitions (`"fl": "https://…/"`) from a policy's inline `@context` objects, over the defaults. */
export function readContextPrefixes(context: unknown): PrefixMap {
  const out: Record<string, string> = { ...DEFAULT_PREFIXES };
  const items = Array.isArray(context) ? context : [context];
  for (const item of items) {
    if (!isRecord(item)) continue;
    for (const [k, v] of Object.entries(item)) {
      if (!k.startsWith('@') && typeof v === 'string' && /[/#:]$/.test(v)) out[k] = v;
    }
  }
  return out;
}
