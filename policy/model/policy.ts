import type { Duty, Permission, Prohibition } from './rule.js';

export const POLICY_TYPES = ['Set', 'Offer', 'Agreement'] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

/** A parsed ODRL policy. Rules carry the policy-level target/assigner/assignee when they had none. */
export interface Policy {
  type: PolicyType;
  id?: string;
  profiles: readonly string[];
  target?: string;
  assigner?: string;
  assignee?: string;
  permissions: readonly Permission[];
  prohibitions: readonly Prohibition[];
  obligations: readonly Duty[];
}
