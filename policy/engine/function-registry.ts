import type { Violation } from '../../core/index.js';
import type { AtomicConstraint } from '../model/constraint.js';
import { DEFAULT_PREFIXES, NS, expandIri } from '../model/iri.js';
import { deferTo, type ConstraintFunction, type ConstraintFunctionDefinition, type ConstraintValidator } from './constraint-function.js';
import type { PolicyScope } from './policy-scope.js';
import { unitRule } from './unit-rule.js';

/** Constraint functions bound per (scope, left operand IRI), plus creation-time validators per operand. */
export interface FunctionRegistry {
  register(scope: PolicyScope, leftOperand: string, fn: ConstraintFunction): void;
  registerValidator(leftOperand: string, validate: ConstraintValidator): void;
  define(definition: ConstraintFunctionDefinition): void;
  find(scope: PolicyScope, leftOperand: string): ConstraintFunction | undefined;
  /** Bound in at least one scope: otherwise the operand is unknown and a policy using it is refused. */
  isKnown(leftOperand: string): boolean;
  validate(constraint: AtomicConstraint): Violation[];
}

export const toOperandIri = (term: string): string => expandIri(term, DEFAULT_PREFIXES, NS.odrl);

export function createFunctionRegistry(): FunctionRegistry {
  const byScope = new Map<PolicyScope, Map<string, ConstraintFunction>>();
  const validators = new Map<string, ConstraintValidator[]>();
  const register = (scope: PolicyScope, leftOperand: string, fn: ConstraintFunction): void => {
    const map = byScope.get(scope) ?? new Map<string, ConstraintFunction>();
    map.set(toOperandIri(leftOperand), fn);
    byScope.set(scope, map);
  };
  const registerValidator = (leftOperand: string, validate: ConstraintValidator): void => {
    const iri = toOperandIri(leftOperand);
    validators.set(iri, [...(validators.get(iri) ?? []), validate]);
  };
  return {
    register,
    registerValidator,
    define(def) {
      for (const operand of def.leftOperands) {
        for (const scope of def.scopes) register(scope, operand, def.evaluate);
        for (const [scope, later] of Object.entries(def.deferredScopes ?? {})) register(scope as PolicyScope, operand, deferTo(later));
        registerValidator(operand, unitRule(def.units));
        if (def.validate) registerValidator(operand, def.validate);
      }
    },
    find: (scope, leftOperand) => byScope.get(scope)?.get(leftOperand),
    isKnown: (leftOperand) => [...byScope.values()].some((m) => m.has(leftOperand)),
    validate: (c) => (validators.get(c.leftOperand) ?? []).flatMap((v) => v(c)),
  };
}
