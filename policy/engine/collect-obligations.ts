import { compactIri } from '../model/iri.js';
import type { Duty } from '../model/rule.js';
import { describeConstraint } from './evaluate-constraint.js';
import type { Obligation } from './evaluation-result.js';
import { dutyDeadline, type DeadlineInput } from './duty-deadline.js';

/** Turns duties into obligations to perform, with deadlines and consequences. */
export function toObligation(duty: Duty, kind: Obligation['kind'], input: DeadlineInput): Obligation {
  const refinements = duty.actions.flatMap((a) => a.refinements);
  const o: Obligation = {
    path: duty.path,
    kind,
    action: duty.actions.map((a) => compactIri(a.iri)).join(', '),
    constraints: [...duty.constraints, ...refinements].map(describeConstraint),
    ...dutyDeadline(duty, input),
    consequences: duty.consequences.map((c) => toObligation(c, kind, input)),
  };
  if (duty.target !== undefined) o.target = duty.target;
  if (duty.assignee !== undefined) o.assignee = duty.assignee;
  if (duty.informedParty !== undefined) o.informedParty = duty.informedParty;
  return o;
}
