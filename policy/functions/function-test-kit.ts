import type { Violation } from '../../core/index.js';
import type { AtomicConstraint } from '../model/constraint.js';
import { parseConstraint } from '../odrl/parse-constraint.js';
import { newParseState } from '../odrl/parse-state.js';
import { toEpochMs } from '../model/date-time.js';
import type { ConstraintFunctionDefinition, ConstraintInput, Verdict } from '../engine/constraint-function.js';
import type { EvaluationContext } from '../engine/evaluation-context.js';
import { createFunctionRegistry } from '../engine/function-registry.js';
import type { ParticipantAgent } from '../engine/participant-agent.js';
import { createPurposeHierarchy } from '../engine/purpose-hierarchy.js';

/** For the table-driven tests beside each function: parse one constraint from compact JSON. */
export function constraintOf(json: Record<string, unknown>): AtomicConstraint {
  const state = newParseState();
  const c = parseConstraint(json, '/constraint/0', state);
  if (c?.kind !== 'atomic') throw new Error(`bad test constraint: ${JSON.stringify(state.problems)}`);
  return c;
}

export const NOW = '2026-06-15T12:00:00Z';

export function agent(claims: Partial<ParticipantAgent['claims']> = {}, id = 'did:web:consumer.example'): ParticipantAgent {
  return { id, claims: { credentialTypes: [], ...claims } };
}

/** Runs `def` as bound in the context's scope (default `transfer`); `unbound` when it has no binding there. */
export function run(
  def: ConstraintFunctionDefinition,
  json: Record<string, unknown>,
  context: Partial<EvaluationContext> = {},
  ruleKind: ConstraintInput['ruleKind'] = 'permission',
): Verdict | 'unbound' {
  const registry = createFunctionRegistry();
  registry.define(def);
  const full: EvaluationContext = { scope: 'transfer', now: NOW, ...context };
  const constraint = constraintOf(json);
  const fn = registry.find(full.scope, constraint.leftOperand);
  if (!fn) return 'unbound';
  const now = toEpochMs(full.now) ?? Number.NaN;
  const agreementStart = full.agreementStart === undefined ? undefined : toEpochMs(full.agreementStart);
  return fn({ constraint, context: full, now, agreementStart, ruleKind, purposes: createPurposeHierarchy() });
}

/** The verdict's status only, for compact tables. */
export function status(
  def: ConstraintFunctionDefinition,
  json: Record<string, unknown>,
  context: Partial<EvaluationContext> = {},
  ruleKind: ConstraintInput['ruleKind'] = 'permission',
): string {
  const v = run(def, json, context, ruleKind);
  return typeof v === 'string' ? v : v.status;
}

export function validationOf(def: ConstraintFunctionDefinition, json: Record<string, unknown>): Violation[] {
  const registry = createFunctionRegistry();
  registry.define(def);
  return registry.validate(constraintOf(json));
}
