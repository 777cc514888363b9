import { validationError, type Violation, pointer } from '../../../core/index.js';
import { ODRL_CONTEXT_URL } from '../../identity/index.js';

/** The contexts whose terms the policy engine reads as they are written (compact ODRL): no JSON-LD processing needed. */
const PLAIN_CONTEXTS = [ODRL_CONTEXT_URL, 'http://www.w3.org/ns/odrl.jsonld', 'https://w3id.org/dspace/2025/1/context.jsonld'];

/**
 * The `@context` of a policy the engine reads without JSON-LD processing (no community context named): only contexts
 * whose terms it reads as written and inline prefix definitions (`"ex": "https://example.org/"`) are honoured, so
 * anything else (another context URL, a term definition, `@vocab`) would be dropped in silence: refused, naming it.
 */
export function checkPlainPolicyContext(policy: Readonly<Record<string, unknown>>): void {
  const context = policy['@context'];
  if (context === undefined) return;
  const items = Array.isArray(context) ? context : [context];
  const at = (i: number) => (Array.isArray(context) ? `/@context/${i}` : '/@context');
  const bad: Violation[] = [];
  items.forEach((item, i) => {
    if (typeof item === 'string') {
      if (!PLAIN_CONTEXTS.includes(item))
        bad.push({
          pointer: at(i),
          message: `'${item}' is not a context the policy engine reads (it reads ${PLAIN_CONTEXTS.join(', ')}, the Catena-X and DSP ODRL-profile contexts, and prefix definitions)`,
        });
      return;
    }
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      bad.push({ pointer: at(i), message: 'must be a context URL or an object of prefix definitions' });
      return;
    }
    for (const [key, value] of Object.entries(item)) {
      if (typeof value !== 'string' || key.startsWith('@') || !/[/#:]$/.test(value))
        bad.push({
          pointer: pointer(at(i), key),
          message: 'is not a prefix definition (a name for an IRI ending in /, # or :): the policy engine would ignore it',
        });
    }
  });
  if (bad.length > 0) throw validationError(bad);
}
