/**
 * A DSP 2025-1 catalog (compact, under the DSP context) as EDC's v3 catalog answer writes it: DCAT, ODRL and DSP
 * terms with their `dcat:`, `odrl:`, `dct:` and `dspace:` prefixes (the v3 response context defines them), ODRL
 * terms in `action`, `leftOperand` and `operator` as `{"@id": "odrl:…"}`, `odrl:assigner` and `odrl:target` as
 * `{"@id": …}`, and each dataset's asset id as `id`.
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
  permission: 'odrl:permission',
  prohibition: 'odrl:prohibition',
  obligation: 'odrl:obligation',
  duty: 'odrl:duty',
  action: 'odrl:action',
  constraint: 'odrl:constraint',
  leftOperand: 'odrl:leftOperand',
  operator: 'odrl:operator',
  rightOperand: 'odrl:rightOperand',
  and: 'odrl:and',
  or: 'odrl:or',
  xone: 'odrl:xone',
  andSequence: 'odrl:andSequence',
  assigner: 'odrl:assigner',
  target: 'odrl:target',
  profile: 'odrl:profile',
};
const TYPES: Readonly<Record<string, string>> = {
  Catalog: 'dcat:Catalog',
  Dataset: 'dcat:Dataset',
  DataService: 'dcat:DataService',
  Distribution: 'dcat:Distribution',
  Offer: 'odrl:Offer',
};
const TERM_VALUED = new Set(['action', 'leftOperand', 'operator']);
/** Node references: `{"@id": …}`, so that an offer sent back unchanged reads them as the ODRL IRIs they are. */
const IRI_VALUED = new Set(['format', 'assigner', 'target']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export function catalogToEdc(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => catalogToEdc(v, key));
  if (typeof value === 'string' && TERM_VALUED.has(key)) return { '@id': value.includes(':') ? value : `odrl:${value}` };
  if (IRI_VALUED.has(key) && typeof value === 'string') return { '@id': value };
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '@context') continue;
    if (k === '@type' && typeof v === 'string') out['@type'] = TYPES[v] ?? v;
    else out[KEYS[k] ?? k] = catalogToEdc(v, k);
  }
  if (value['@type'] === 'Dataset' && typeof value['@id'] === 'string') out.id = value['@id'];
  return out;
}
