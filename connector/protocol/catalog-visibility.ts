import { parsedPolicyDefinitions } from '../../catalog/index.js';
import type { Clock } from '../../core/index.js';
import type { PolicyEngine } from '../../policy/index.js';
import type { OfferVisibility } from './catalog-provider.js';

/**
 * `isOfferVisible` on the policy engine: the access policy is evaluated in scope `catalog` for the requester, now.
 * Parsed policies are kept per (id, version) so the engine's per-object compilation cache is reused across
 * requests. A policy that does not parse throws POLICY_INVALID, which the catalog provider counts as not visible.
 */
export function catalogVisibility(engine: PolicyEngine, clock: Clock): OfferVisibility {
  const parsed = parsedPolicyDefinitions(engine);
  return (accessPolicy, agent) => engine.evaluate(parsed(accessPolicy), { scope: 'catalog', now: clock.now(), agent }).allowed;
}
