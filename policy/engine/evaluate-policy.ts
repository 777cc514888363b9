import { compactIri } from '../model/iri.js';
import type { Policy } from '../model/policy.js';
import type { Permission, Prohibition } from '../model/rule.js';
import type { ConstraintEnv } from './evaluate-constraint.js';
import { applicableAction, evaluateRule, type RuleRequest } from './evaluate-rule.js';
import type { EvaluationContext } from './evaluation-context.js';
import type { Deferral, PolicyEvaluation, Problem } from './evaluation-result.js';
import type { FunctionRegistry } from './function-registry.js';
import { normaliseContext } from './normalise-context.js';
import type { PurposeHierarchy } from './purpose-hierarchy.js';
import { toObligation } from './collect-obligations.js';
import { overdueDuties } from './overdue-duties.js';
import type { Outcome, Trace } from './trace.js';

const toProblem = ({ status: _status, ...t }: Trace): Problem => t;
const toDeferral = (t: Trace): Deferral => ({ path: t.path, constraint: t.constraint, message: t.message, ...(t.until ? { until: t.until } : {}) });

/**
 * Prohibitions first (one that holds, or cannot be decided, denies), then permissions (at least one
 * must hold and none may be undecidable). Obligations are returned only when the request is allowed.
 */
export function evaluatePolicy(policy: Policy, context: EvaluationContext, registry: FunctionRegistry, purposes: PurposeHierarchy): PolicyEvaluation {
  const norm = normaliseContext(context);
  if (Array.isArray(norm)) return { allowed: false, problems: norm, obligations: [], deferred: [] };
  const env: ConstraintEnv = { registry, scope: context.scope, input: { context, now: norm.now, agreementStart: norm.agreementStart, ruleKind: 'permission', purposes } };
  const request: RuleRequest = { action: norm.action, target: norm.target };
  const problems: Problem[] = [];
  const deferred: Deferral[] = [];

  for (const rule of policy.prohibitions) {
    const outcome = evaluateApplicable(rule, request, { ...env, input: { ...env.input, ruleKind: 'prohibition' } });
    if (!outcome) continue;
    if (outcome.status === 'true') {
      problems.push({ path: rule.path, constraint: describeRule(rule), message: `prohibited: ${describeRule(rule)} applies to this request` }, ...outcome.traces.map(toProblem));
    } else if (outcome.status === 'error') problems.push(...outcome.traces.map(toProblem));
    else if (outcome.status === 'deferred') deferred.push(...outcome.traces.map(toDeferral));
  }

  const granted: Permission[] = [];
  const denials: Problem[] = [];
  let applicable = 0;
  for (const rule of policy.permissions) {
    const outcome = evaluateApplicable(rule, request, env);
    if (!outcome) continue;
    applicable += 1;
    const overdue = outcome.status === 'true' || outcome.status === 'deferred' ? overdueDuties(rule, norm.now) : [];
    if (overdue.length > 0) {
      denials.push(...overdue);
      continue;
    }
    if (outcome.status === 'true' || outcome.status === 'deferred') granted.push(rule);
    if (outcome.status === 'deferred') deferred.push(...outcome.traces.map(toDeferral));
    if (outcome.status === 'error') problems.push(...outcome.traces.map(toProblem));
    if (outcome.status === 'false') denials.push(...outcome.traces.map(toProblem));
  }
  if (applicable === 0) {
    problems.push({
      path: policy.permissions.length > 0 ? '/permission' : '',
      constraint: `action ${compactIri(norm.action)}`,
      actual: compactIri(norm.action),
      message: `no permission grants '${compactIri(norm.action)}'${norm.target ? ` on ${norm.target}` : ''}`,
    });
  } else if (granted.length === 0) problems.push(...denials);

  const allowed = problems.length === 0 && granted.length > 0;
  if (!allowed) return { allowed, problems, obligations: [], deferred };
  const input = { context, now: norm.now, agreementStart: norm.agreementStart };
  const obligations = [...granted.flatMap((p) => p.duties.map((d) => toObligation(d, 'duty', input))), ...policy.obligations.map((d) => toObligation(d, 'obligation', input))];
  return { allowed, problems: [], obligations, deferred };
}

function evaluateApplicable(rule: Permission | Prohibition, request: RuleRequest, env: ConstraintEnv): Outcome | undefined {
  const action = applicableAction(rule, request);
  return action ? evaluateRule(rule, action, env) : undefined;
}

function describeRule(rule: Permission | Prohibition): string {
  return `${rule.kind} of ${rule.actions.map((a) => compactIri(a.iri)).join(', ')}${rule.target ? ` on ${rule.target}` : ''}`;
}
