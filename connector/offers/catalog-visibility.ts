import { parsedPolicyDefinitions } from '../../catalog/index.js';
import type { Clock } from '../../core/index.js';
import type { PolicyEngine } from '../../policy/index.js';
import type { OfferVisibility } from './catalog-provider.js';
import { hiddenOffers, type HiddenOffers } from './hidden-offers.js';

/**
 * `isOfferVisible` on the policy engine: the access policy is evaluated in scope `catalog` for the requester, now.
 * Parsed policies are kept per (id, version) so the engine's per-object compilation cache is reused across
 * requests. A policy that does not parse throws POLICY_INVALID, which the catalog provider counts as not visible.
 * Every denial goes to `onHidden` (with what reproduces it), so that nothing is filtered in silence.
 */
export function catalogVisibility(engine: PolicyEngine, clock: Clock, onHidden: (report: HiddenOffers) => void = () => undefined): OfferVisibility {
  const parsed = parsedPolicyDefinitions(engine);
  return (accessPolicy, agent) => {
    const now = clock.now();
    const decision = engine.evaluate(parsed(accessPolicy), { scope: 'catalog', now, agent });
    if (!decision.allowed)
      onHidden(
        hiddenOffers(
          agent,
          accessPolicy,
          decision.problems.map((p) => p.message),
          now,
        ),
      );
    return decision.allowed;
  };
}
