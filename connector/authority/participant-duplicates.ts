import type { Violation } from '../../core/index.js';

/**
 * A framework agreement named twice (`DataExchangeGovernance:1.0` and `DataExchangeGovernance:2.0`), each naming the
 * agreement: each entry yields its own FrameworkAgreementCredential (and status index), so a participant holds one
 * version of an agreement, never two. Identical entries are the schema's `uniqueItems`; this is the check by name.
 */
export function duplicateAgreements(frameworkAgreements: readonly string[]): Violation[] {
  const seen = new Set<string>();
  const violations: Violation[] = [];
  frameworkAgreements.forEach((agreement, index) => {
    const name = agreement.split(':')[0] ?? agreement;
    if (seen.has(name)) violations.push({ pointer: `/frameworkAgreements/${index}`, message: `framework agreement '${name}' is listed more than once` });
    seen.add(name);
  });
  return violations;
}
