import { actionIncludes } from '../model/action-vocabulary.js';
import { compactIri } from '../model/iri.js';
import type { Permission, Prohibition } from '../model/rule.js';
import { allOf } from './combine-outcomes.js';
import { compileConstraint, type CompiledConstraint } from './compile-constraint.js';
import type { ConstraintEnv } from './evaluate-constraint.js';
import { assigneeOutcome, type RuleRequest } from './evaluate-rule.js';
import type { Outcome } from './trace.js';

/** A permission or prohibition with its constraints compiled; `check` is undefined when the rule does not apply. */
export interface CompiledRule<R extends Permission | Prohibition> {
  rule: R;
  /** "permission of use on urn:x", for problems. */
  description: string;
  check(request: RuleRequest, env: ConstraintEnv): Outcome | undefined;
}

interface CompiledAction {
  iri: string;
  refinements: readonly CompiledConstraint[];
}

/** Same outcome as `applicableAction` + `evaluateRule`: assignee, the action's refinements, then constraints, as one conjunction. */
export function compileRule<R extends Permission | Prohibition>(rule: R): CompiledRule<R> {
  const actions: CompiledAction[] = rule.actions.map((a) => ({ iri: a.iri, refinements: a.refinements.map(compileConstraint) }));
  const constraints = rule.constraints.map(compileConstraint);
  const { target, assignee } = rule;
  const description = `${rule.kind} of ${rule.actions.map((a) => compactIri(a.iri)).join(', ')}${target ? ` on ${target}` : ''}`;
  const check = (request: RuleRequest, env: ConstraintEnv): Outcome | undefined => {
    if (request.target !== undefined && target !== undefined && target !== request.target) return undefined;
    let action: CompiledAction | undefined;
    for (const a of actions) {
      if (actionIncludes(a.iri, request.action)) {
        action = a;
        break;
      }
    }
    if (!action) return undefined;
    const parts: Outcome[] = [];
    if (assignee !== undefined) parts.push(assigneeOutcome(rule, assignee, env));
    for (const r of action.refinements) parts.push(r(env));
    for (const c of constraints) parts.push(c(env));
    return allOf(parts);
  };
  return { rule, description, check };
}
