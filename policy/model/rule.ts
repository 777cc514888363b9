import type { Constraint } from './constraint.js';

/** An action IRI with its refinements (constraints on the action itself). */
export interface Action {
  path: string;
  iri: string;
  refinements: readonly Constraint[];
}

interface RuleBase {
  path: string;
  actions: readonly Action[];
  constraints: readonly Constraint[];
  target?: string;
  assigner?: string;
  assignee?: string;
}

export interface Duty extends RuleBase {
  kind: 'duty';
  consequences: readonly Duty[];
  informedParty?: string;
  compensatedParty?: string;
  /** `fl:anchor`: the event an elapsedTime constraint on this duty counts from (default: agreement start). */
  anchor?: string;
}

export interface Permission extends RuleBase {
  kind: 'permission';
  duties: readonly Duty[];
}

export interface Prohibition extends RuleBase {
  kind: 'prohibition';
  remedies: readonly Duty[];
}

export type Rule = Permission | Prohibition | Duty;
