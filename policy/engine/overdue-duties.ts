import { formatDateTime } from '../model/date-time.js';
import { compactIri } from '../model/iri.js';
import type { Permission } from '../model/rule.js';
import { passedDeadline } from './duty-deadline.js';
import { describeConstraint } from './evaluate-constraint.js';
import type { Problem } from './evaluation-result.js';

/**
 * The duties of a permission whose `dateTime lt/lteq` deadline has passed at `now`, as problems: a permission whose
 * duty can no longer be met grants nothing (it was granted with an obligation due in the past). Only absolute
 * deadlines count: the deletion duties of federated training are due after an event (`elapsedTime` from an anchor)
 * and policy obligations are not a permission's preconditions, so neither is read here.
 */
export function overdueDuties(permission: Permission, now: number): Problem[] {
  const out: Problem[] = [];
  for (const duty of permission.duties) {
    const passed = passedDeadline(duty, now);
    if (!passed) continue;
    const action = duty.actions.map((a) => compactIri(a.iri)).join(', ');
    out.push({
      path: passed.constraint.path,
      constraint: describeConstraint(passed.constraint),
      expected: passed.lexical,
      actual: formatDateTime(now),
      message: `the duty '${action}' was due ${passed.constraint.operator === 'lt' ? 'before' : 'by'} ${passed.lexical}: it can no longer be met`,
    });
  }
  return out;
}
