import { EDC_NS, ODRL_NS } from './edc-vocabulary.js';

/**
 * Context documents a v3 body may reference by URL, served offline. EDC publishes its management context at
 * `https://w3id.org/edc/connector/management/v0.0.1`; this is Kontor's own document for that URL, covering what
 * the v3 layer reads: every bare name is an `edc:` term, `odrl:` is ODRL, and the ODRL terms EDC bodies use inside
 * a `policy` resolve as in the ODRL context.
 */
export const EDC_MANAGEMENT_CONTEXT_URL = 'https://w3id.org/edc/connector/management/v0.0.1';

export const edcManagementContext = {
  '@context': {
    '@version': 1.1,
    '@vocab': EDC_NS,
    edc: EDC_NS,
    odrl: ODRL_NS,
    policy: { '@id': `${EDC_NS}policy`, '@context': 'https://www.w3.org/ns/odrl.jsonld' },
  },
} as const;
