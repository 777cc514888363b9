import { contexts as odrlContexts } from '@digitalbazaar/odrl-context';
import { KONTOR_CONTEXT_V1_URL, kontorContextV1, ODRL_CONTEXT_URL } from './kontor-v1.js';
import { KONTOR_MODEL_CONTEXT_V1_URL, kontorModelContextV1 } from './kontor-model-v1.js';
import { KONTOR_MODEL_CONTEXT_V2_URL, kontorModelContextV2 } from './kontor-model-v2.js';
import { KONTOR_MODEL_CONTEXT_V3_URL, kontorModelContextV3 } from './kontor-model-v3.js';

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
};

/**
 * The project's own context documents by URL: what the offline loader serves besides the npm
 * context packages, and what `GET /.well-known/kontor-contexts` publishes so that verifiers outside
 * Kontor can check its credentials. It includes the ODRL context, because the project context
 * references it (scoped on `hasPolicy`) and JSON-LD processors resolve it whenever the project
 * context is used. Only the VC 2.0 context is left to the verifier's own copy. Frozen: jsonld caches resolved
 * contexts process-wide anyway, so editing one at run time could never take effect.
 */
export const projectContexts: Readonly<Record<string, object>> = deepFreeze({
  [KONTOR_CONTEXT_V1_URL]: kontorContextV1,
  [KONTOR_MODEL_CONTEXT_V1_URL]: kontorModelContextV1,
  [KONTOR_MODEL_CONTEXT_V2_URL]: kontorModelContextV2,
  [KONTOR_MODEL_CONTEXT_V3_URL]: kontorModelContextV3,
  [ODRL_CONTEXT_URL]: structuredClone(odrlContext()),
});

function odrlContext(): object {
  const doc = odrlContexts.get(ODRL_CONTEXT_URL);
  if (!doc) throw new Error(`@digitalbazaar/odrl-context no longer provides ${ODRL_CONTEXT_URL}`);
  return doc;
}
