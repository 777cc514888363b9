/** ODRL policy engine: parse, validate and evaluate policies. Pure: no I/O. */
import type { PolicyEngine } from './engine/policy-engine.js';
import { createPolicyEngine } from './engine/policy-engine.js';
import type { PolicyValidation } from './engine/validate-policy.js';

export type { Policy, PolicyType } from './model/policy.js';
export type { Permission, Prohibition, Duty, Rule, Action } from './model/rule.js';
export type { Constraint, AtomicConstraint, LogicalConstraint } from './model/constraint.js';
export type { Operator, LogicalOperator } from './model/operator.js';
export type { Value } from './model/value.js';
export { OPERATORS, LOGICAL_OPERATORS } from './model/operator.js';
export { NS, DEFAULT_PREFIXES, expandIri, compactIri } from './model/iri.js';
export { KNOWN_ACTIONS, CX_ACCESS, actionIncludes } from './model/action-vocabulary.js';
export { parsePolicy, readPolicy } from './odrl/parse-policy.js';
export { canonicalPolicyTerms, type CanonicalTerms } from './odrl/canonical-policy-terms.js';
export type { ParticipantAgent, ParticipantClaims, FrameworkAgreementClaim } from './engine/participant-agent.js';
export type { PolicyScope } from './engine/policy-scope.js';
export { scopeWarnings, type ScopeWarning } from './engine/scope-warnings.js';
export { purposeWarnings, type PurposeWarning } from './engine/purpose-warnings.js';
export { trainingOnlyTerms, type TrainingOnlyTerm } from './engine/training-only-terms.js';
export { POLICY_SCOPES, isPolicyScope } from './engine/policy-scope.js';
export type { EvaluationContext, TrainingRoundFacts, AffiliateFacts } from './engine/evaluation-context.js';
export type { PolicyEvaluation, Problem, Obligation, Deferral } from './engine/evaluation-result.js';
export type { ConstraintFunction, ConstraintFunctionDefinition, ConstraintInput, ConstraintValidator, Verdict } from './engine/constraint-function.js';
export { deferTo } from './engine/constraint-function.js';
export type { PolicyEngine, PolicyEngineOptions } from './engine/policy-engine.js';
export type { CompiledPolicy } from './engine/compile-policy.js';
export { createPolicyEngine, createDefaultPolicyEngine } from './engine/policy-engine.js';
export type { PolicyValidation } from './engine/validate-policy.js';
export type { PurposeHierarchy, PurposeTree } from './engine/purpose-hierarchy.js';
export { DEFAULT_PURPOSES, createPurposeHierarchy } from './engine/purpose-hierarchy.js';
export { checkOperand, setOperator } from './engine/check-operand.js';
export { operandRules } from './engine/operand-rules.js';
export { BUILTIN_FUNCTIONS } from './functions/builtin-functions.js';
export type { PolicyTemplate } from './templates/policy-template.js';
export type { TemplateParameter, ParameterType } from './templates/template-parameters.js';
export { POLICY_TEMPLATES, findPolicyTemplate } from './templates/policy-templates.js';

/**
 * Structural and semantic validation with JSON pointers: unknown left operands, operators and
 * actions, malformed structure, wrong right-operand types. Uses the default engine unless given one.
 */
export function validatePolicy(json: unknown, engine?: PolicyEngine): PolicyValidation {
  return (engine ?? createPolicyEngine()).validate(json);
}
