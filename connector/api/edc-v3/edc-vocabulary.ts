/** The namespaces of EDC's Management API v3 and the context its responses are compacted with. */
export const EDC_NS = 'https://w3id.org/edc/v0.0.1/ns/';
export const ODRL_NS = 'http://www.w3.org/ns/odrl/2/';
export const DCAT_NS = 'http://www.w3.org/ns/dcat#';
export const DCT_NS = 'http://purl.org/dc/terms/';
export const DSPACE_NS = 'https://w3id.org/dspace/2025/1/';
export const XSD_NS = 'http://www.w3.org/2001/XMLSchema#';

/**
 * The `@context` of every v3 response: bare names are `edc:` terms, as EDC answers; and every prefix an answer uses
 * is defined (`xsd:` of a catalog's typed values: undefined, it would read as an IRI of the scheme `xsd`).
 */
export const RESPONSE_CONTEXT = { '@vocab': EDC_NS, edc: EDC_NS, odrl: ODRL_NS, dcat: DCAT_NS, dct: DCT_NS, dspace: DSPACE_NS, xsd: XSD_NS } as const;

/** `https://w3id.org/edc/v0.0.1/ns/name` → `name`; any other IRI is returned unchanged. */
export const edcLocal = (iri: string): string => (iri.startsWith(EDC_NS) ? iri.slice(EDC_NS.length) : iri);

/** The protocol names a v3 body may give: DSP 2025-1, the only one Kontor speaks. */
export const DSP_PROTOCOLS: readonly string[] = ['dataspace-protocol-http:2025-1'];
