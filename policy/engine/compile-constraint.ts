import type { AtomicConstraint, Constraint } from '../model/constraint.js';
import { compactIri } from '../model/iri.js';
import { allOf, anyOf } from './combine-outcomes.js';
import type { ConstraintInput, Verdict } from './constraint-function.js';
import { describeConstraint, type ConstraintEnv } from './evaluate-constraint.js';
import { exactlyOne, type Outcome, type Trace } from './trace.js';

/** A constraint tree turned into a closure: descriptions are built once, the tree is walked without dispatch. */
export type CompiledConstraint = (env: ConstraintEnv) => Outcome;

/** Same outcomes as `evaluateConstraint` (the reference); functions are looked up per call, so later registrations count. */
export function compileConstraint(c: Constraint): CompiledConstraint {
  if (c.kind === 'atomic') return compileAtomic(c);
  const children = c.constraints.map(compileConstraint);
  const run = (env: ConstraintEnv): Outcome[] => {
    const out = new Array<Outcome>(children.length);
    for (let i = 0; i < children.length; i++) out[i] = (children[i] as CompiledConstraint)(env);
    return out;
  };
  if (c.operator === 'or') return (env) => anyOf(run(env));
  if (c.operator === 'xone') {
    const self = { path: c.path, constraint: describeConstraint(c) };
    return (env) => exactlyOne(run(env), self);
  }
  return (env) => allOf(run(env));
}

/**
 * The trace of a decided atomic constraint. Most traces of holding constraints are never shown, so
 * the default message is built only when read (a prototype getter: read fields explicitly, do not spread).
 */
export class CheckedTrace implements Trace {
  constructor(
    readonly path: string,
    readonly constraint: string,
    readonly status: 'true' | 'false',
    readonly actual: unknown,
    readonly expected: unknown,
    private readonly given: string | undefined,
  ) {}

  get message(): string {
    return this.given ?? `${this.constraint} ${this.status === 'true' ? 'holds' : 'does not hold'}: saw ${JSON.stringify(this.actual)}`;
  }
}

function compileAtomic(c: AtomicConstraint): CompiledConstraint {
  const constraint = describeConstraint(c);
  const name = compactIri(c.leftOperand);
  const { path, leftOperand } = c;
  return (env) => {
    const fn = env.registry.find(env.scope, leftOperand);
    if (!fn) {
      const message = env.registry.isKnown(leftOperand)
        ? `left operand '${name}' has no function in scope '${env.scope}'; it cannot be decided here`
        : `unknown left operand '${name}'`;
      return { status: 'error', traces: [{ path, constraint, status: 'error', message }] };
    }
    const i = env.input;
    const input: ConstraintInput = { context: i.context, now: i.now, agreementStart: i.agreementStart, ruleKind: i.ruleKind, purposes: i.purposes, constraint: c };
    let verdict: Verdict;
    try {
      verdict = fn(input);
    } catch (e) {
      verdict = { status: 'error', message: `the function for '${name}' failed: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (verdict.status === 'deferred') {
      const until = verdict.until ? { until: verdict.until } : {};
      return { status: 'deferred', traces: [{ path, constraint, status: 'deferred', message: verdict.message, ...until }] };
    }
    if (verdict.status === 'error') {
      const seen = verdict.actual === undefined ? {} : { actual: verdict.actual };
      const wanted = verdict.expected === undefined ? {} : { expected: verdict.expected };
      return { status: 'error', traces: [{ path, constraint, status: 'error', ...wanted, ...seen, message: verdict.message }] };
    }
    const { status, actual, expected } = verdict;
    return { status, traces: [new CheckedTrace(path, constraint, status, actual, expected, verdict.message)] };
  };
}
