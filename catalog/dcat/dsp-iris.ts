import { DEFAULT_PREFIXES } from '../../policy/index.js';

/** The prefixes the DSP 2025-1 context itself defines (`context.jsonld`): a term written with one of them means the same to any DSP processor. */
const DSP_CONTEXT_PREFIXES: Readonly<Record<string, string>> = {
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dct: 'http://purl.org/dc/terms/',
  dcat: 'http://www.w3.org/ns/dcat#',
  odrl: 'http://www.w3.org/ns/odrl/2/',
  dspace: 'https://w3id.org/dspace/2025/1/',
};

const CURIE = /^([A-Za-z][\w.-]*):(.*)$/;

/**
 * A compact IRI whose prefix Kontor knows (`cx-policy:`, `fl:`, `kontor:`, `purpose:`, …) but the DSP 2025-1 context
 * does not define the same way, as the full IRI; anything else unchanged. DSP messages carry no other context (the
 * schemas allow only context URLs), so `cx-policy:Membership` would read there as an IRI of the scheme `cx-policy`.
 */
export function dspIri(term: string): string {
  const m = CURIE.exec(term);
  if (!m) return term;
  const [, prefix = '', local = ''] = m;
  const ns = DEFAULT_PREFIXES[prefix];
  if (ns === undefined || DSP_CONTEXT_PREFIXES[prefix] === ns || local.startsWith('//')) return term;
  return ns + local;
}

/** ODRL terms whose value the DSP context reads as an IRI (`@vocab` or `@id` typed). */
const IRI_VALUED = new Set(['@id', '@type', 'action', 'leftOperand', 'operator', 'profile', 'assigner', 'assignee', 'target']);

/**
 * A JSON-LD fragment (an offer, a rule, a property value) with every Kontor-known compact IRI in a property name or an
 * IRI-valued term expanded (dspIri). Literals (a `rightOperand` string, an `@value`) stay as written.
 */
export function withDspIris(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => withDspIris(v, key));
  if (typeof value === 'string') return IRI_VALUED.has(key) ? dspIri(value) : value;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.startsWith('@') ? k : dspIri(k)] = withDspIris(v, k);
  return out;
}
