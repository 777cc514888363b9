import { actionIncludes } from '../model/action-vocabulary.js';
import { compactIri } from '../model/iri.js';
import type { Action, Permission, Prohibition } from '../model/rule.js';
import { evaluateConstraint, type ConstraintEnv } from './evaluate-constraint.js';
import { all, type Outcome } from './trace.js';

export interface RuleRequest {
  action: string;
  target: string | undefined;
}

/** The action of `rule` that covers the request, or undefined when the rule does not apply to it. */
export function applicableAction(rule: Permission | Prohibition, request: RuleRequest): Action | undefined {
  if (request.target !== undefined && rule.target !== undefined && rule.target !== request.target) return undefined;
  return rule.actions.find((a) => actionIncludes(a.iri, request.action));
}

/** Assignee, action refinements and constraints of a rule, as one conjunction. */
export function evaluateRule(rule: Permission | Prohibition, action: Action, env: ConstraintEnv): Outcome {
  const parts: Outcome[] = [];
  if (rule.assignee !== undefined) parts.push(assigneeOutcome(rule, rule.assignee, env));
  for (const r of action.refinements) parts.push(evaluateConstraint(r, env));
  for (const c of rule.constraints) parts.push(evaluateConstraint(c, env));
  return all(parts);
}

export function assigneeOutcome(rule: Permission | Prohibition, assignee: string, env: ConstraintEnv): Outcome {
  const constraint = `assignee eq ${compactIri(assignee)}`;
  const agent = env.input.context.agent;
  const path = `${rule.path}/assignee`;
  if (!agent)
    return {
      status: 'error',
      traces: [{ path, constraint, status: 'error', expected: assignee, message: `the ${rule.kind} is assigned to ${assignee}, but the request names no participant` }],
    };
  const bpn = agent.claims.businessPartnerNumber;
  const holds = agent.id === assignee || (bpn !== undefined && bpn === assignee);
  return {
    status: holds ? 'true' : 'false',
    traces: [
      {
        path,
        constraint,
        status: holds ? 'true' : 'false',
        expected: assignee,
        actual: agent.id,
        message: holds ? `assigned to ${assignee}` : `the ${rule.kind} is assigned to ${assignee}, not to ${agent.id}`,
      },
    ],
  };
}
