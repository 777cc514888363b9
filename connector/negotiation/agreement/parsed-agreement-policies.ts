import type { Policy, PolicyEngine } from '../../../policy/index.js';
import type { ContractAgreement } from './contract-agreement.js';

const MAX_KEPT = 1000;

/**
 * An agreement's contract policy, parsed once: agreements never change, so the same Policy object comes back for
 * the same agreement id and the engine's per-object compile cache is reused on every check under it. The policy's
 * `timestamp` (the agreement's DSP stamp, not an ODRL term) is left out. Bounded: past MAX_KEPT agreements the
 * oldest entry goes. A policy that does not parse throws POLICY_INVALID, every time.
 */
export function parsedAgreementPolicies(engine: PolicyEngine): (agreement: ContractAgreement) => Policy {
  const parsed = new Map<string, Policy>();
  return (agreement) => {
    const kept = parsed.get(agreement.id);
    if (kept) return kept;
    const { timestamp: _stamp, ...terms } = agreement.policy;
    const policy = engine.parse(terms);
    if (parsed.size >= MAX_KEPT) parsed.delete(parsed.keys().next().value as string);
    parsed.set(agreement.id, policy);
    return policy;
  };
}
