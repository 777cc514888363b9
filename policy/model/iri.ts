import { memoizeString } from './memoize.js';

/** Namespaces the engine knows. Terms are stored as full IRIs; prefixes are only for input and messages. */
export const NS = {
  odrl: 'http://www.w3.org/ns/odrl/2/',
  cx: 'https://w3id.org/catenax/policy/',
  cx2025: 'https://w3id.org/catenax/2025/9/policy/',
  fl: 'https://w3id.org/kontor/fl/',
  kontor: 'https://w3id.org/kontor/policy/',
  purpose: 'https://w3id.org/kontor/purpose/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  edc: 'https://w3id.org/edc/v0.0.1/ns/',
  tx: 'https://w3id.org/tractusx/v0.0.1/ns/',
  dpv: 'https://w3id.org/dpv#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  dct: 'http://purl.org/dc/terms/',
} as const;

/** Prefix → namespace. A policy's own `@context` may add to (or override) these. */
export type PrefixMap = Readonly<Record<string, string>>;

export const DEFAULT_PREFIXES: PrefixMap = {
  odrl: NS.odrl,
  'cx-policy': NS.cx,
  cx: NS.cx,
  fl: NS.fl,
  kontor: NS.kontor,
  purpose: NS.purpose,
  xsd: NS.xsd,
  edc: NS.edc,
  tx: NS.tx,
  dpv: NS.dpv,
  rdf: NS.rdf,
  rdfs: NS.rdfs,
  dct: NS.dct,
  dcterms: NS.dct,
};

const CURIE = /^([A-Za-z][\w.-]*):(.*)$/;

/**
 * Expands a compact term to a full IRI. `vocab` is used for bare names (no colon): ODRL terms
 * are written bare in DSP messages. The 2025/9 Catena-X namespace is folded into the legacy
 * `cx-policy` one so that both spellings hit the same function.
 */
export function expandIri(term: string, prefixes: PrefixMap = DEFAULT_PREFIXES, vocab?: string): string {
  const t = term.trim();
  if (t.startsWith(NS.cx2025)) return NS.cx + t.slice(NS.cx2025.length);
  const m = CURIE.exec(t);
  if (m) {
    const ns = prefixes[m[1] ?? ''];
    if (ns !== undefined && !(m[2] ?? '').startsWith('//')) return expandIri(ns + (m[2] ?? ''), DEFAULT_PREFIXES);
    return t;
  }
  return vocab !== undefined && t.length > 0 ? vocab + t : t;
}

const COMPACT_ORDER: readonly [string, string][] = [
  ['odrl', NS.odrl],
  ['cx-policy', NS.cx],
  ['fl', NS.fl],
  ['kontor', NS.kontor],
  ['purpose', NS.purpose],
  ['xsd', NS.xsd],
  ['edc', NS.edc],
  ['dpv', NS.dpv],
];

/** For messages: the shortest readable form. ODRL terms lose their prefix entirely. */
export const compactIri = memoizeString(compactIriOnce);

function compactIriOnce(iri: string): string {
  for (const [prefix, ns] of COMPACT_ORDER) {
    if (iri.startsWith(ns) && iri.length > ns.length) {
      return prefix === 'odrl' ? iri.slice(ns.length) : `${prefix}:${iri.slice(ns.length)}`;
    }
  }
  return iri;
}

export const odrl = (local: string): string => NS.odrl + local;
export const cx = (local: string): string => NS.cx + local;
export const fl = (local: string): string => NS.fl + local;
export const kontor = (local: string): string => NS.kontor + local;
export const xsd = (local: string): string => NS.xsd + local;
