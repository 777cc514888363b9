/**
 * The JSON-LD context of Kontor's trained-model credentials, version 1 (connector/training/model-result/): the
 * coordinator's `TrainedModelCredential` and each site's `TrainedModelAttestation` over the same model hash.
 * Used after the VC 2.0 and the kontor v1 contexts; it defines only terms those do not, and is protected like them.
 * Structured parts (the model spec, the sites, the privacy measures, the metrics) are JSON literals (`@json`):
 * RDF canonicalization then covers their exact JSON (RFC 8785), with no vocabulary per field. Never change a
 * definition once published: add a v2.
 */
export const KONTOR_MODEL_CONTEXT_V1_URL = 'https://w3id.org/kontor/contexts/model/v1';

const json = (id: string) => ({ '@id': id, '@type': '@json' });
const ref = (id: string) => ({ '@id': id, '@type': '@id' });

export const kontorModelContextV1 = {
  '@context': {
    '@version': 1.1,
    '@protected': true,
    TrainedModelCredential: 'https://w3id.org/kontor/vocab#TrainedModelCredential',
    TrainedModelAttestation: 'https://w3id.org/kontor/vocab#TrainedModelAttestation',
    training: ref('https://w3id.org/kontor/vocab#training'),
    modelHash: 'https://w3id.org/kontor/vocab#modelHash',
    modelFileSha256: 'https://w3id.org/kontor/vocab#modelFileSha256',
    modelSpec: json('https://w3id.org/kontor/vocab#modelSpec'),
    planHash: 'https://w3id.org/kontor/vocab#planHash',
    trainingPurpose: ref('https://w3id.org/kontor/vocab#trainingPurpose'),
    schemaHash: 'https://w3id.org/kontor/vocab#schemaHash',
    roundsRun: { '@id': 'https://w3id.org/kontor/vocab#roundsRun', '@type': 'http://www.w3.org/2001/XMLSchema#nonNegativeInteger' },
    participants: json('https://w3id.org/kontor/vocab#participants'),
    privacyMeasures: json('https://w3id.org/kontor/vocab#privacyMeasures'),
    finalMetrics: json('https://w3id.org/kontor/vocab#finalMetrics'),
    auditHead: json('https://w3id.org/kontor/vocab#auditHead'),
    attests: ref('https://w3id.org/kontor/vocab#attests'),
    siteAgreement: 'https://w3id.org/kontor/vocab#siteAgreement',
    roundsTakenPart: json('https://w3id.org/kontor/vocab#roundsTakenPart'),
    appliedPrivacy: json('https://w3id.org/kontor/vocab#appliedPrivacy'),
  },
} as const;
