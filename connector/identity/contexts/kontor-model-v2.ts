import { kontorModelContextV1 } from './kontor-model-v1.js';

/**
 * The trained-model context, version 2: every term of v1 with the same definition, plus `modelFiles` (a JSON literal:
 * the SHA-256 of the model file in each export format, docs/model-result.md). TrainedModelCredentials and
 * TrainedModelAttestations are issued with v2 since the TF.js export; those issued with v1 still verify against v1.
 * Never change a definition once published: add a v3.
 */
export const KONTOR_MODEL_CONTEXT_V2_URL = 'https://w3id.org/kontor/contexts/model/v2';

export const kontorModelContextV2 = {
  '@context': {
    ...kontorModelContextV1['@context'],
    modelFiles: { '@id': 'https://w3id.org/kontor/vocab#modelFiles', '@type': '@json' },
  },
} as const;
