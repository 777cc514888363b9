import type { Violation } from '../../core/index.js';
import type { AtomicConstraint } from '../model/constraint.js';
import type { EvaluationContext } from './evaluation-context.js';
import type { PolicyScope } from './policy-scope.js';
import type { PurposeHierarchy } from './purpose-hierarchy.js';

/** What a constraint function sees. `now` and `agreementStart` are already epoch ms. */
export interface ConstraintInput {
  constraint: AtomicConstraint;
  context: EvaluationContext;
  now: number;
  agreementStart: number | undefined;
  ruleKind: 'permission' | 'prohibition' | 'duty';
  purposes: PurposeHierarchy;
}

/**
 * The outcome of one constraint. `true`/`false` say whether it holds and carry what was seen;
 * `error` means it could not be decided (missing data, wrong type) and always denies;
 * `deferred` means this scope leaves it to a later one (listed in the result, never hidden); `until` names the scope
 * that settles it, absent for a term no request settles (a contract term: a commitment, not a check).
 */
export type Verdict =
  | { status: 'true' | 'false'; actual: unknown; expected?: unknown; message?: string }
  | { status: 'error'; actual?: unknown; expected?: unknown; message: string }
  | { status: 'deferred'; message: string; until?: PolicyScope };

export type ConstraintFunction = (input: ConstraintInput) => Verdict;

/** Checks a constraint when a policy is created; pointers are absolute (from `constraint.path`). */
export type ConstraintValidator = (constraint: AtomicConstraint) => Violation[];

/** A built-in function: the left operands it serves, the scopes it is bound in, and its validator. */
export interface ConstraintFunctionDefinition {
  name: string;
  leftOperands: readonly string[];
  scopes: readonly PolicyScope[];
  /** Scopes where the operand is explicitly left to a later scope (e.g. FL terms at negotiation). */
  deferredScopes?: Partial<Record<PolicyScope, PolicyScope>>;
  evaluate: ConstraintFunction;
  validate?: ConstraintValidator;
  /** The units (expanded IRIs) the function reads from a constraint's `unit`; a constraint with any other unit is refused. */
  units?: readonly string[];
}

export function deferTo(scope: PolicyScope): ConstraintFunction {
  return () => ({ status: 'deferred', message: `checked in scope '${scope}'`, until: scope });
}
