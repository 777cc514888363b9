import type { EvaluationContext } from './evaluation-context.js';
import type { PolicyEngine } from './policy-engine.js';
import { atomicConstraints } from './scope-warnings.js';

/** A constraint that only a later scope than `transfer` settles (an fl: term, a round count): federated training only. */
export interface TrainingOnlyTerm {
  /** JSON pointer of the constraint in the policy, e.g. `/permission/0/constraint/1`. */
  pointer: string;
  /** The constraint in words, as a transfer denial names it (`fl:planHash eq sha256:…`). */
  constraint: string;
  /** The scope that settles it (`training.round`). */
  until: string;
}

type Json = Record<string, unknown>;

/**
 * The constraints of `policy` that a transfer leaves to a later scope: the terms a transfer of any type other than
 * FederatedTraining is denied on (connector/transfer/transfer-policy.ts, unsettledDeferrals). Each constraint is
 * evaluated alone in scope `transfer` with the facts of `base` only; one that defers to a scope after `transfer` is
 * listed. A constraint that does not parse alone is left out (the policy's own check names it).
 */
export function trainingOnlyTerms(engine: PolicyEngine, policy: Json, base: Omit<EvaluationContext, 'scope'>): TrainingOnlyTerm[] {
  const found: TrainingOnlyTerm[] = [];
  for (const { pointer, constraint } of atomicConstraints(policy)) {
    let single: ReturnType<PolicyEngine['parse']>;
    try {
      // Asked as a permission to use, whatever its rule: what matters is whether a transfer can settle the constraint.
      single = engine.parse({ '@type': 'Set', permission: [{ action: 'use', constraint: [constraint] }] });
    } catch {
      continue;
    }
    const later = engine.evaluate(single, { ...base, scope: 'transfer' }).deferred.find((d) => d.until !== undefined && d.until !== 'transfer');
    if (later?.until) found.push({ pointer, constraint: later.constraint, until: later.until });
  }
  return found;
}
