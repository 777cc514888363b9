import type { AtomicConstraint, Constraint } from '../model/constraint.js';
import { compactIri } from '../model/iri.js';
import type { ConstraintInput, Verdict } from './constraint-function.js';
import { describeOperand } from './check-operand.js';
import type { FunctionRegistry } from './function-registry.js';
import type { PolicyScope } from './policy-scope.js';
import { all, any, exactlyOne, type Outcome } from './trace.js';

export interface ConstraintEnv {
  registry: FunctionRegistry;
  scope: PolicyScope;
  input: Omit<ConstraintInput, 'constraint'>;
}

/** Evaluates a constraint tree. Never throws: a throwing function becomes an `error` outcome. */
export function evaluateConstraint(c: Constraint, env: ConstraintEnv): Outcome {
  if (c.kind === 'atomic') return evaluateAtomic(c, env);
  const parts = c.constraints.map((child) => evaluateConstraint(child, env));
  if (c.operator === 'or') return any(parts);
  if (c.operator === 'xone') return exactlyOne(parts, { path: c.path, constraint: describeConstraint(c) });
  return all(parts);
}

export function describeConstraint(c: Constraint): string {
  if (c.kind === 'atomic') return describeOperand(c.leftOperand, c.operator, c.rightOperand, c.unit);
  return `${c.operator}(${c.constraints.map(describeConstraint).join(', ')})`;
}

function evaluateAtomic(c: AtomicConstraint, env: ConstraintEnv): Outcome {
  const constraint = describeConstraint(c);
  const fn = env.registry.find(env.scope, c.leftOperand);
  const name = compactIri(c.leftOperand);
  if (!fn) {
    const message = env.registry.isKnown(c.leftOperand)
      ? `left operand '${name}' has no function in scope '${env.scope}'; it cannot be decided here`
      : `unknown left operand '${name}'`;
    return { status: 'error', traces: [{ path: c.path, constraint, status: 'error', message }] };
  }
  let verdict: Verdict;
  try {
    verdict = fn({ ...env.input, constraint: c });
  } catch (e) {
    verdict = { status: 'error', message: `the function for '${name}' failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  const base = { path: c.path, constraint, status: verdict.status };
  if (verdict.status === 'deferred') return { status: 'deferred', traces: [{ ...base, message: verdict.message, ...(verdict.until ? { until: verdict.until } : {}) }] };
  if (verdict.status === 'error') {
    const seen = verdict.actual === undefined ? {} : { actual: verdict.actual };
    const wanted = verdict.expected === undefined ? {} : { expected: verdict.expected };
    return { status: 'error', traces: [{ ...base, ...wanted, ...seen, message: verdict.message }] };
  }
  const expected = verdict.expected;
  const message = verdict.message ?? `${constraint} ${verdict.status === 'true' ? 'holds' : 'does not hold'}: saw ${JSON.stringify(verdict.actual)}`;
  return { status: verdict.status, traces: [{ ...base, actual: verdict.actual, ...(expected === undefined ? {} : { expected }), message }] };
}
