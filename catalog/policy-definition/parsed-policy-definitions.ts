import type { Policy, PolicyEngine } from '../../policy/index.js';
import type { PolicyDefinition } from './policy-definition.js';

/**
 * Parses stored policy definitions once per version: the same Policy object comes back until the definition's
 * version or updatedAt changes, so the engine's per-object compile cache is reused across requests instead of
 * each request parsing (and compiling) the policy afresh. A policy that does not parse throws POLICY_INVALID,
 * every time (failures are not kept). One entry per definition id.
 */
export function parsedPolicyDefinitions(engine: PolicyEngine): (definition: PolicyDefinition) => Policy {
  const parsed = new Map<string, { version: number; updatedAt: number; policy: Policy }>();
  return (definition) => {
    const entry = parsed.get(definition.id);
    if (entry && entry.version === definition.version && entry.updatedAt === definition.updatedAt) return entry.policy;
    const policy = engine.parse(definition.policy);
    parsed.set(definition.id, { version: definition.version, updatedAt: definition.updatedAt, policy });
    return policy;
  };
}
