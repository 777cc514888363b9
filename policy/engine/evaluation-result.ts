import type { PolicyScope } from './policy-scope.js';

/** Why a request was denied: the failing constraint (or rule), what it expected and what it saw. */
export interface Problem {
  /** JSON pointer into the policy, e.g. `/permission/0/constraint/1`. Empty for context problems. */
  path: string;
  /** The constraint or rule in words, e.g. `purpose isA purpose:research`. */
  constraint: string;
  expected?: unknown;
  actual?: unknown;
  message: string;
}

/** A constraint that this scope leaves to a later one, listed so nothing passes unseen. */
export interface Deferral {
  path: string;
  constraint: string;
  message: string;
  /** The scope that settles it (e.g. `training.round` for fl: terms); absent: no request settles it (a contract term). */
  until?: PolicyScope;
}

/** A duty to perform: a permission's duty (precondition) or a policy obligation. */
export interface Obligation {
  path: string;
  kind: 'duty' | 'obligation';
  action: string;
  target?: string;
  assignee?: string;
  informedParty?: string;
  constraints: readonly string[];
  /** ISO instant by which (or, for `dateTime gteq`, at which) the duty falls due, when computable. */
  deadline?: string;
  /** How the deadline was derived, or why it could not be. */
  deadlineBasis?: string;
  consequences: readonly Obligation[];
}

export interface PolicyEvaluation {
  allowed: boolean;
  problems: readonly Problem[];
  obligations: readonly Obligation[];
  deferred: readonly Deferral[];
}
