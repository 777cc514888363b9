import { sameRules } from '../same-rules.js';
import type { ContractAgreement } from './contract-agreement.js';

type Terms = Pick<ContractAgreement, 'assigner' | 'assignee' | 'assetId' | 'policy'>;

/**
 * Whether two agreement records state one agreement: the same parties, dataset and rules. Who stored it (the
 * negotiation), when, its credential and status may differ: a connector negotiating with itself holds the provider's
 * record of the agreement its consumer side keeps.
 */
export function sameAgreement(a: Terms, b: Terms): boolean {
  return a.assigner === b.assigner && a.assignee === b.assignee && a.assetId === b.assetId && sameRules(a.policy, b.policy);
}
