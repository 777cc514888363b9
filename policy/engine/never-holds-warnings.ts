import type { Constraint } from '../model/constraint.js';
import { odrl } from '../model/iri.js';
import type { Operator } from '../model/operator.js';
import type { Policy } from '../model/policy.js';
import type { Value } from '../model/value.js';
import { TRAINING_ROUND } from '../functions/count.js';
import { coerceOperand } from './coerce-operand.js';
import { describeConstraint } from './evaluate-constraint.js';
import type { PolicyScope } from './policy-scope.js';
import { allRules } from './validate-policy.js';

const COUNT = odrl('count');

/**
 * What makes a valid policy deny (or a constraint fail) whatever the request says, in `scope`: no permission at all
 * (prohibitions and obligations grant nothing), and `count` bounds no use reaches (a use is number 1 or later, so
 * `count lt 1` and `count lteq 0` never hold). `decides` tells whether a left operand is decided in the scope
 * (a `count` is not at catalog time, which scope-warnings.ts reports already).
 */
export function neverHoldsWarnings(policy: Policy, scope: PolicyScope, decides: (leftOperand: string) => boolean): { pointer: string; message: string }[] {
  const out: { pointer: string; message: string }[] = [];
  if (policy.permissions.length === 0) {
    out.push({ pointer: '', message: `the policy has no permission, only prohibitions or obligations, which grant nothing: in scope ${scope} it denies every request` });
  }
  if (!decides(COUNT)) return out;
  const visit = (c: Constraint): void => {
    if (c.kind === 'logical') for (const inner of c.constraints) visit(inner);
    else if (c.leftOperand === COUNT && countNeverHolds(c.operator, coerceOperand(c.rightOperand, 'number'))) {
      const what = c.unit === TRAINING_ROUND ? 'training round' : 'use';
      out.push({ pointer: c.path, message: `${describeConstraint(c)} never holds: every ${what} is number 1 or later (those before it + 1)` });
    }
  };
  for (const rule of allRules(policy)) for (const c of [...rule.actions.flatMap((a) => a.refinements), ...rule.constraints]) visit(c);
  return out;
}

/** Whether `n op bound` fails for every n ≥ 1. */
function countNeverHolds(op: Operator, bound: Value): boolean {
  if (bound.type !== 'number') return false;
  const n = bound.value;
  return op === 'lt' ? n <= 1 : op === 'lteq' || op === 'eq' ? n < 1 : false;
}
