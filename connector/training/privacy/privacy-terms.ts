import { NS, type Constraint, type Policy } from '../../../policy/index.js';

/** The differential-privacy budget an agreement sets: `fl:epsilon` (ε, at most) and `fl:delta` (the δ it is accounted at). */
export interface PrivacyTerms {
  epsilon?: number;
  delta?: number;
}

const EPSILON = `${NS.fl}epsilon`;
const DELTA = `${NS.fl}delta`;

/**
 * Reads the budget from the permissions of an agreement's policy: atomic `fl:epsilon` / `fl:delta` constraints on a
 * permission or its actions, also inside `and`; the tightest bound wins. A bound under `or` or `xone` is not a budget
 * the site can plan with: it is not read here, and the policy engine then finds no ε for it and denies (fail closed).
 */
export function privacyTermsOf(policy: Policy): PrivacyTerms {
  const found: { epsilon: number[]; delta: number[] } = { epsilon: [], delta: [] };
  const visit = (c: Constraint): void => {
    if (c.kind === 'logical') {
      if (c.operator === 'and') for (const inner of c.constraints) visit(inner);
      return;
    }
    const v = c.rightOperand.type === 'number' ? c.rightOperand.value : c.rightOperand.type === 'string' ? Number(c.rightOperand.value) : NaN;
    if (!Number.isFinite(v) || !['lteq', 'lt', 'eq'].includes(c.operator)) return;
    if (c.leftOperand === EPSILON) found.epsilon.push(v);
    if (c.leftOperand === DELTA) found.delta.push(v);
  };
  for (const p of policy.permissions) {
    for (const c of p.constraints) visit(c);
    for (const a of p.actions) for (const c of a.refinements) visit(c);
  }
  return {
    ...(found.epsilon.length ? { epsilon: Math.min(...found.epsilon) } : {}),
    ...(found.delta.length ? { delta: Math.min(...found.delta) } : {}),
  };
}
