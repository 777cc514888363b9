import type { Clock } from '../../core/index.js';
import type { Policy, PolicyEngine } from '../../policy/index.js';
import type { OfferVisibility } from './catalog-provider.js';

/**
 * `isOfferVisible` on the policy engine: the access policy is evaluated in scope `catalog` for the requester, now.
 * Parsed policies are kept per (id, version) so the engine's per-object compilation cache is reused across
 * requests. A policy that does not parse throws POLICY_INVALID, which the catalog provider counts as not visible.
 */
export function catalogVisibility(engine: PolicyEngine, clock: Clock): OfferVisibility {
  const parsed = new Map<string, { version: number; updatedAt: number; policy: Policy }>();
  return (accessPolicy, agent) => {
    let entry = parsed.get(accessPolicy.id);
    if (!entry || entry.version !== accessPolicy.version || entry.updatedAt !== accessPolicy.updatedAt) {
      entry = { version: accessPolicy.version, updatedAt: accessPolicy.updatedAt, policy: engine.parse(accessPolicy.policy) };
      parsed.set(accessPolicy.id, entry);
    }
    return engine.evaluate(entry.policy, { scope: 'catalog', now: clock.now(), agent }).allowed;
  };
}
