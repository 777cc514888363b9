import { compactIri } from '../model/iri.js';
import type { Policy } from '../model/policy.js';
import type { Permission } from '../model/rule.js';
import { toObligation } from './collect-obligations.js';
import { compileRule } from './compile-rule.js';
import { overdueDuties } from './overdue-duties.js';
import type { ConstraintEnv } from './evaluate-constraint.js';
import type { RuleRequest } from './evaluate-rule.js';
import type { EvaluationContext } from './evaluation-context.js';
import type { Deferral, PolicyEvaluation, Problem } from './evaluation-result.js';
import type { FunctionRegistry } from './function-registry.js';
import { normaliseContext } from './normalise-context.js';
import type { PurposeHierarchy } from './purpose-hierarchy.js';
import type { Trace } from './trace.js';

/** A policy compiled once into closures; `evaluate` gives exactly what `engine.evaluate` gives, and never throws. */
export interface CompiledPolicy {
  readonly policy: Policy;
  evaluate(context: EvaluationContext): PolicyEvaluation;
}

/** Fields are read one by one: a CheckedTrace builds its message in a getter that spreading would miss. */
function toProblem(t: Trace): Problem {
  const p: Problem = { path: t.path, constraint: t.constraint } as Problem;
  if (t.expected !== undefined) p.expected = t.expected;
  if ('actual' in t) p.actual = t.actual;
  p.message = t.message;
  return p;
}
const toDeferral = (t: Trace): Deferral => ({ path: t.path, constraint: t.constraint, message: t.message, ...(t.until ? { until: t.until } : {}) });

/**
 * The compiled form of `evaluatePolicy` (the reference interpreter): prohibitions first, then
 * permissions; the same problems, deferrals and obligations in the same order. Throws only on a
 * policy that did not come from the parser.
 */
export function compilePolicy(policy: Policy, registry: FunctionRegistry, purposes: PurposeHierarchy): (context: EvaluationContext) => PolicyEvaluation {
  const prohibitions = policy.prohibitions.map(compileRule);
  const permissions = policy.permissions.map(compileRule);
  const { obligations: policyObligations } = policy;
  const noPermissionPath = policy.permissions.length > 0 ? '/permission' : '';

  return (context) => {
    const norm = normaliseContext(context);
    if (Array.isArray(norm)) return { allowed: false, problems: norm, obligations: [], deferred: [] };
    const input = { context, now: norm.now, agreementStart: norm.agreementStart, ruleKind: 'permission' as const, purposes };
    const env: ConstraintEnv = { registry, scope: context.scope, input };
    const request: RuleRequest = { action: norm.action, target: norm.target };
    const problems: Problem[] = [];
    const deferred: Deferral[] = [];

    if (prohibitions.length > 0) {
      const prohibitionEnv: ConstraintEnv = { registry, scope: context.scope, input: { ...input, ruleKind: 'prohibition' } };
      for (const p of prohibitions) {
        const outcome = p.check(request, prohibitionEnv);
        if (!outcome) continue;
        if (outcome.status === 'true') {
          problems.push({ path: p.rule.path, constraint: p.description, message: `prohibited: ${p.description} applies to this request` }, ...outcome.traces.map(toProblem));
        } else if (outcome.status === 'error') problems.push(...outcome.traces.map(toProblem));
        else if (outcome.status === 'deferred') deferred.push(...outcome.traces.map(toDeferral));
      }
    }

    const granted: Permission[] = [];
    const denials: Problem[] = [];
    let applicable = 0;
    for (const p of permissions) {
      const outcome = p.check(request, env);
      if (!outcome) continue;
      applicable += 1;
      const { status } = outcome;
      const overdue = (status === 'true' || status === 'deferred') && p.rule.duties.length > 0 ? overdueDuties(p.rule, norm.now) : [];
      if (overdue.length > 0) for (const t of overdue) denials.push(t);
      else if (status === 'true') granted.push(p.rule);
      else if (status === 'deferred') {
        granted.push(p.rule);
        for (const t of outcome.traces) deferred.push(toDeferral(t));
      } else if (status === 'error') for (const t of outcome.traces) problems.push(toProblem(t));
      else for (const t of outcome.traces) denials.push(toProblem(t));
    }
    if (applicable === 0) {
      const action = compactIri(norm.action);
      problems.push({
        path: noPermissionPath,
        constraint: `action ${action}`,
        actual: action,
        message: `no permission grants '${action}'${norm.target ? ` on ${norm.target}` : ''}`,
      });
    } else if (granted.length === 0) problems.push(...denials);

    const allowed = problems.length === 0 && granted.length > 0;
    if (!allowed) return { allowed, problems, obligations: [], deferred };
    if (policyObligations.length === 0 && granted.every((p) => p.duties.length === 0)) return { allowed, problems: [], obligations: [], deferred };
    const at = { context, now: norm.now, agreementStart: norm.agreementStart };
    const obligations = [...granted.flatMap((p) => p.duties.map((d) => toObligation(d, 'duty', at))), ...policyObligations.map((d) => toObligation(d, 'obligation', at))];
    return { allowed, problems: [], obligations, deferred };
  };
}
