import { kontorModelContextV2 } from './kontor-model-v2.js';

/**
 * The trained-model context, version 3: every term of v2 with the same definition, plus `attestsDigest` (a site's
 * attestation names the exact TrainedModelCredential it attests: `sha256:` and the hex SHA-256 of the credential's
 * RFC 8785 canonical JSON without its proof, docs/model-result.md). TrainedModelAttestations are issued with v3.
 * Never change a definition once published: add a v4.
 */
export const KONTOR_MODEL_CONTEXT_V3_URL = 'https://w3id.org/kontor/contexts/model/v3';

export const kontorModelContextV3 = {
  '@context': {
    ...kontorModelContextV2['@context'],
    attestsDigest: 'https://w3id.org/kontor/vocab#attestsDigest',
  },
} as const;
