import type { Policy, PolicyEngine } from '../../policy/index.js';
import type { ContractAgreement } from '../negotiation/index.js';

type Json = Record<string, unknown>;
const TIME_OPERANDS = new Set(['dateTime', 'elapsedTime', 'odrl:dateTime', 'odrl:elapsedTime', 'http://www.w3.org/ns/odrl/2/dateTime', 'http://www.w3.org/ns/odrl/2/elapsedTime']);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is Json => typeof x === 'object' && x !== null);

/**
 * The time constraints one permission requires: top level or under `and`/`andSequence` (conjunctions, as the engine reads
 * them). A time constraint under `or`/`xone` may be outweighed by an alternative we cannot judge here: left to the counterparty.
 */
function requiredTimeConstraints(constraints: unknown): Json[] {
  return list(constraints).flatMap((c) => {
    if (c.and !== undefined) return requiredTimeConstraints(c.and);
    if (c.andSequence !== undefined) return requiredTimeConstraints(c.andSequence);
    return typeof c.leftOperand === 'string' && TIME_OPERANDS.has(c.leftOperand) ? [c] : [];
  });
}

/**
 * The consumer's own reading of an agreement's time window (docs/federated-training.md, attack table row 11: dateTime checked on both sides):
 * the permissions' `dateTime` and `elapsedTime` constraints, evaluated with our clock. Permissions are alternatives (ODRL;
 * the engine grants when any one holds): each one's time constraints are judged on their own, and the window is open while
 * any permission's is; one permission without time constraints keeps it open for good. Prohibitions, duties and
 * obligations are not read (the provider evaluates the full policy). Returns why the window is closed (every permission's
 * reason), or undefined while it is open.
 */
export function agreementWindow(engine: PolicyEngine) {
  // Agreements never change: each one's time policies (one per permission) are parsed once (bounded), null when any permission has none.
  const parsed = new Map<string, Policy[] | null>();
  const timePoliciesOf = (agreement: ContractAgreement): Policy[] | null => {
    let policies = parsed.get(agreement.id);
    if (policies === undefined) {
      const alternatives = list(agreement.policy.permission).map((p) => requiredTimeConstraints(p.constraint));
      policies =
        alternatives.length === 0 || alternatives.some((c) => c.length === 0)
          ? null
          : alternatives.map((constraint) => engine.parse({ '@type': 'Set', permission: [{ action: 'use', constraint }] }));
      if (parsed.size >= 1000) parsed.delete(parsed.keys().next().value as string);
      parsed.set(agreement.id, policies);
    }
    return policies;
  };
  return (agreement: ContractAgreement, now: number): string | undefined => {
    const policies = timePoliciesOf(agreement);
    if (!policies) return undefined;
    const reasons: string[] = [];
    for (const policy of policies) {
      const result = engine.evaluate(policy, {
        scope: 'transfer',
        agent: { id: agreement.assignee, claims: { credentialTypes: [] } },
        now,
        target: agreement.assetId,
        agreementStart: agreement.signedAt,
      });
      if (result.allowed) return undefined;
      reasons.push(result.problems.map((p) => `${p.constraint}: ${p.message}`).join('; '));
    }
    const why = reasons.length === 1 ? reasons[0] : reasons.map((r, i) => `permission ${i + 1}: ${r}`).join(' | ');
    return `the agreement's time window is closed: ${why}`;
  };
}
