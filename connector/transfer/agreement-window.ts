import type { Policy, PolicyEngine } from '../../policy/index.js';
import type { ContractAgreement } from '../negotiation/index.js';

type Json = Record<string, unknown>;
const TIME_OPERANDS = new Set(['dateTime', 'elapsedTime', 'odrl:dateTime', 'odrl:elapsedTime', 'http://www.w3.org/ns/odrl/2/dateTime', 'http://www.w3.org/ns/odrl/2/elapsedTime']);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is Json => typeof x === 'object' && x !== null);

/** The time constraints every permission of the policy requires (top level or under `and`; `or`/`xone` branches are left to the counterparty). */
function requiredTimeConstraints(constraints: unknown): Json[] {
  return list(constraints).flatMap((c) => {
    if (c.and !== undefined) return requiredTimeConstraints(c.and);
    return typeof c.leftOperand === 'string' && TIME_OPERANDS.has(c.leftOperand) ? [c] : [];
  });
}

/**
 * The consumer's own reading of an agreement's time window (docs/federated-training.md, attack table row 11: dateTime checked on both sides):
 * the permissions' `dateTime` and `elapsedTime` constraints, evaluated with our clock. Returns why the window is
 * closed, or undefined while it is open (or when the agreement has no time constraints).
 */
export function agreementWindow(engine: PolicyEngine) {
  // Agreements never change: each one's time policy is parsed once (bounded), null when it has none.
  const parsed = new Map<string, Policy | null>();
  const timePolicyOf = (agreement: ContractAgreement): Policy | null => {
    let policy = parsed.get(agreement.id);
    if (policy === undefined) {
      const constraints = list(agreement.policy.permission).flatMap((p) => requiredTimeConstraints(p.constraint));
      policy = constraints.length === 0 ? null : engine.parse({ '@type': 'Set', permission: [{ action: 'use', constraint: constraints }] });
      if (parsed.size >= 1000) parsed.delete(parsed.keys().next().value as string);
      parsed.set(agreement.id, policy);
    }
    return policy;
  };
  return (agreement: ContractAgreement, now: number): string | undefined => {
    const policy = timePolicyOf(agreement);
    if (!policy) return undefined;
    const result = engine.evaluate(policy, {
      scope: 'transfer',
      agent: { id: agreement.assignee, claims: { credentialTypes: [] } },
      now,
      target: agreement.assetId,
      agreementStart: agreement.signedAt,
    });
    return result.allowed ? undefined : `the agreement's time window is closed: ${result.problems.map((p) => `${p.constraint}: ${p.message}`).join('; ')}`;
  };
}
