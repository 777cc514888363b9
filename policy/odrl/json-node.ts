import { NS, expandIri, type PrefixMap } from '../model/iri.js';
import { pointer } from '../../core/index.js';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface Entry {
  key: string;
  value: unknown;
  path: string;
}

/**
 * The properties of a JSON object keyed by their normalised name: ODRL properties by local name
 * (`permission`, `odrl:permission` and the full IRI are the same), `@`-keywords as is, others expanded.
 */
export function entriesByName(obj: Record<string, unknown>, path: string, prefixes: PrefixMap): Map<string, Entry[]> {
  const out = new Map<string, Entry[]>();
  for (const [key, value] of Object.entries(obj)) {
    const name = normaliseKey(key, prefixes);
    const list = out.get(name) ?? [];
    list.push({ key, value, path: pointer(path, key) });
    out.set(name, list);
  }
  return out;
}

export function normaliseKey(key: string, prefixes: PrefixMap): string {
  if (key.startsWith('@')) return key;
  const expanded = expandIri(key, prefixes, NS.odrl);
  return expanded.startsWith(NS.odrl) ? expanded.slice(NS.odrl.length) : expanded;
}

/** A property that may hold one item or an array (or a JSON-LD `@list`/`@set`), as items with pointers. */
export function itemsOf(entry: Entry): Entry[] {
  const v = entry.value;
  if (Array.isArray(v)) return v.map((value, i) => ({ key: entry.key, value, path: pointer(entry.path, i) }));
  if (isRecord(v)) {
    for (const k of ['@list', '@set']) {
      const inner = v[k];
      if (Array.isArray(inner)) return inner.map((value, i) => ({ key: entry.key, value, path: pointer(entry.path, k, i) }));
    }
  }
  return [entry];
}

/** A term given as a string or as `{"@id": …}` (or ODRL's `{"rdf:value": {"@id": …}}`), unexpanded. */
export function termOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isRecord(v) && typeof v['@id'] === 'string') return v['@id'];
  return undefined;
}
