import type { Violation } from '../../core/index.js';
import type { Constraint } from '../model/constraint.js';
import { compactIri } from '../model/iri.js';
import type { Policy } from '../model/policy.js';
import type { Duty, Rule } from '../model/rule.js';
import { readPolicy } from '../odrl/parse-policy.js';
import type { FunctionRegistry } from './function-registry.js';

export interface PolicyValidation {
  valid: boolean;
  problems: Violation[];
}

/** Structure first; then every constraint's left operand must be known and pass its validator. */
export function validateWithRegistry(json: unknown, registry: FunctionRegistry): PolicyValidation & { policy?: Policy } {
  const { policy, problems } = readPolicy(json);
  if (!policy) return { valid: false, problems };
  const out: Violation[] = [];
  for (const rule of allRules(policy)) {
    for (const c of [...rule.actions.flatMap((a) => a.refinements), ...rule.constraints]) checkConstraint(c, registry, out);
  }
  return out.length === 0 ? { valid: true, problems: [], policy } : { valid: false, problems: out };
}

function checkConstraint(c: Constraint, registry: FunctionRegistry, out: Violation[]): void {
  if (c.kind === 'logical') {
    for (const child of c.constraints) checkConstraint(child, registry, out);
    return;
  }
  if (!registry.isKnown(c.leftOperand)) {
    out.push({ pointer: `${c.path}/leftOperand`, message: `unknown left operand '${compactIri(c.leftOperand)}'` });
    return;
  }
  out.push(...registry.validate(c));
}

/** Every rule of a policy: permissions, prohibitions and obligations with their duties, consequences and remedies. */
export function allRules(policy: Policy): Rule[] {
  const duties = (d: readonly Duty[]): Rule[] => d.flatMap((x) => [x, ...duties(x.consequences)]);
  return [...policy.permissions.flatMap((p) => [p, ...duties(p.duties)]), ...policy.prohibitions.flatMap((p) => [p, ...duties(p.remedies)]), ...duties(policy.obligations)];
}
