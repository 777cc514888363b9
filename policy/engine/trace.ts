import type { PolicyScope } from './policy-scope.js';
import { settleAlternative } from './unsettled-alternative.js';

/** Three-valued logic plus `error`: error dominates (fail closed), deferred is "not decided in this scope". */
export type Status = 'true' | 'false' | 'error' | 'deferred';

/** One atomic check (or one logical-level finding) with what it expected and saw. */
export interface Trace {
  path: string;
  constraint: string;
  status: Status;
  expected?: unknown;
  actual?: unknown;
  message: string;
  /** A deferred check: the scope that settles it; absent when no request settles it (a contract term). */
  until?: PolicyScope;
}

/** The status of a (sub)tree and the traces that explain that status. */
export interface Outcome {
  status: Status;
  traces: readonly Trace[];
}

const pick = (outcomes: readonly Outcome[], status: Status): Trace[] => outcomes.filter((o) => o.status === status).flatMap((o) => o.traces);

/** Conjunction (`and`, `andSequence`, a rule's constraint list). */
export function all(outcomes: readonly Outcome[]): Outcome {
  for (const status of ['error', 'false', 'deferred'] as const) {
    if (outcomes.some((o) => o.status === status)) return { status, traces: pick(outcomes, status) };
  }
  return { status: 'true', traces: outcomes.flatMap((o) => o.traces) };
}

/** Disjunction (`or`). A branch no request settles counts as false (settleAlternative). */
export function any(branches: readonly Outcome[]): Outcome {
  const outcomes = branches.map(settleAlternative);
  for (const status of ['error', 'true', 'deferred'] as const) {
    if (outcomes.some((o) => o.status === status)) return { status, traces: pick(outcomes, status) };
  }
  return { status: 'false', traces: outcomes.flatMap((o) => o.traces) };
}

/** Exactly one (`xone`). `self` describes the logical constraint for its own finding. A branch no request settles counts as false. */
export function exactlyOne(branches: readonly Outcome[], self: { path: string; constraint: string }): Outcome {
  const outcomes = branches.map(settleAlternative);
  if (outcomes.some((o) => o.status === 'error')) return { status: 'error', traces: pick(outcomes, 'error') };
  const holding = outcomes.filter((o) => o.status === 'true').length;
  if (holding > 1) {
    return {
      status: 'false',
      traces: [{ ...self, status: 'false', actual: holding, expected: 1, message: `${holding} alternatives hold; xone allows exactly one` }, ...pick(outcomes, 'true')],
    };
  }
  if (outcomes.some((o) => o.status === 'deferred')) return { status: 'deferred', traces: pick(outcomes, 'deferred') };
  if (holding === 1) return { status: 'true', traces: pick(outcomes, 'true') };
  return {
    status: 'false',
    traces: [{ ...self, status: 'false', actual: 0, expected: 1, message: 'no alternative holds; xone needs exactly one' }, ...outcomes.flatMap((o) => o.traces)],
  };
}
