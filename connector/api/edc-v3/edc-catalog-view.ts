import { ODRL_TERM_OF, ODRL_TERMS } from './edc-odrl-terms.js';

/**
 * A DSP 2025-1 catalog (compact, under the DSP context) as EDC's v3 catalog answer writes it: DCAT and DSP terms with
 * their `dcat:`, `dct:` and `dspace:` prefixes, each dataset's asset id as `id`, and every offer in `hasPolicy` in
 * ODRL's own names (offerToEdc). The v3 response context defines each prefix used (`xsd:` of typed values too).
 * Scripts that read `dcat:dataset[0]["odrl:hasPolicy"]["@id"]` work unchanged.
 */
const KEYS: Readonly<Record<string, string>> = {
  participantId: 'dspace:participantId',
  service: 'dcat:service',
  dataset: 'dcat:dataset',
  distribution: 'dcat:distribution',
  accessService: 'dcat:accessService',
  endpointURL: 'dcat:endpointURL',
  format: 'dct:format',
  hasPolicy: 'odrl:hasPolicy',
};
const TYPES: Readonly<Record<string, string>> = {
  Catalog: 'dcat:Catalog',
  Dataset: 'dcat:Dataset',
  DataService: 'dcat:DataService',
  Distribution: 'dcat:Distribution',
};
/** Node references: `{"@id": …}`. */
const IRI_VALUED = new Set(['format']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export function catalogToEdc(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => catalogToEdc(v, key));
  if (IRI_VALUED.has(key) && typeof value === 'string') return { '@id': value };
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '@context') continue;
    if (k === '@type' && typeof v === 'string') out['@type'] = TYPES[v] ?? v;
    else out[KEYS[k] ?? k] = k === 'hasPolicy' || k === 'odrl:hasPolicy' ? offerToEdc(v) : catalogToEdc(v, k);
  }
  if (value['@type'] === 'Dataset' && typeof value['@id'] === 'string') out.id = value['@id'];
  return out;
}

/**
 * An offer (or any part of it) under its ODRL names, so that it means under the v3 response context what it means
 * under the ODRL context, and an offer sent back unchanged in a ContractRequest is read as the same offer:
 * every term the ODRL context defines gets its `odrl:` name (`remedy` → `odrl:remedy`, `Offer` → `odrl:Offer`);
 * a string where the context takes an IRI becomes `{"@id": …}` (`action`, `operator` and `leftOperand` terms as
 * `odrl:<term>`), and one where it takes a datatype (`dataType`, `rightOperandReference`) a value of that type.
 * Names outside ODRL (full IRIs) and literals stay as they are.
 */
export function offerToEdc(given: unknown, key = ''): unknown {
  if (Array.isArray(given)) return given.map((v) => offerToEdc(v, key));
  const type = ODRL_TERMS.get(key)?.type;
  // A DSP offer writes ODRL terms its context lacks as `"odrl:unit": {"@id": …}`: the term's value as the ODRL context types it.
  const value = nodeIri(given, key) ?? given;
  if (typeof value === 'string' && type === '@vocab') return { '@id': value.includes(':') ? value : `odrl:${value}` };
  if (typeof value === 'string' && type === '@id') return { '@id': value };
  if (typeof value === 'string' && type !== undefined) return { '@value': value, '@type': type };
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '@context') continue;
    if (k === '@type' && typeof v === 'string' && !('@value' in value)) out['@type'] = ODRL_TERMS.get(v)?.iri ?? v;
    else if (k.startsWith('@')) out[k] = k === '@list' || k === '@set' ? offerToEdc(v, key) : v;
    else {
      const name = ODRL_TERM_OF.get(k) ?? k;
      out[ODRL_TERMS.get(name)?.iri ?? name] = offerToEdc(v, name);
    }
  }
  return out;
}

/** The IRI of `{"@id": …}` (nothing else in it) under an ODRL term, else undefined. */
function nodeIri(value: unknown, key: string): string | undefined {
  if (!isObject(value) || !ODRL_TERMS.has(key) || Object.keys(value).length !== 1) return undefined;
  return typeof value['@id'] === 'string' ? value['@id'] : undefined;
}
