import type { Constraint } from '../model/constraint.js';
import { formatDateTime, toEpochMs } from '../model/date-time.js';
import { addDuration } from '../model/duration.js';
import { compactIri, fl, odrl } from '../model/iri.js';
import type { Duty } from '../model/rule.js';
import type { EvaluationContext } from './evaluation-context.js';
import { coerceOperand } from './coerce-operand.js';

export interface DeadlineInput {
  context: EvaluationContext;
  now: number;
  agreementStart: number | undefined;
}

interface Candidate {
  at?: number;
  basis: string;
}

/**
 * The earliest deadline the duty's `elapsedTime` / `dateTime` constraints imply. elapsedTime counts
 * from the duty's `fl:anchor` (default: agreement start; at negotiation, now).
 */
export function dutyDeadline(duty: Duty, input: DeadlineInput): { deadline?: string; deadlineBasis?: string } {
  const candidates = topLevelAtoms(duty.constraints).flatMap((c): Candidate[] => {
    const at = coerceOperand(c.rightOperand, 'dateTime');
    if (c.leftOperand === odrl('dateTime') && at.type === 'dateTime') {
      return [{ at: at.value, basis: `dateTime ${c.operator} ${at.lexical}` }];
    }
    const d = coerceOperand(c.rightOperand, 'duration');
    if (c.leftOperand === odrl('elapsedTime') && d.type === 'duration' && ['lt', 'lteq', 'eq'].includes(c.operator)) {
      const anchor = anchorOf(duty, input);
      if (anchor.at === undefined) return [{ basis: `${d.lexical} after ${anchor.name}, which has not happened yet` }];
      return [{ at: addDuration(anchor.at, d.value), basis: `${d.lexical} after ${anchor.name} (${formatDateTime(anchor.at)})` }];
    }
    return [];
  });
  const timed = candidates.filter((c): c is Required<Candidate> => c.at !== undefined).sort((a, b) => a.at - b.at);
  const first = timed[0];
  if (first) return { deadline: formatDateTime(first.at), deadlineBasis: first.basis };
  const pending = candidates[0];
  return pending ? { deadlineBasis: pending.basis } : {};
}

/**
 * The earliest `dateTime lt/lteq` deadline of the duty that has passed at `now` (lt: at or after the instant; lteq:
 * after it), or undefined. Such a duty can no longer be met, so a permission that requires it grants nothing.
 */
export function passedDeadline(duty: Duty, now: number): { constraint: Extract<Constraint, { kind: 'atomic' }>; at: number; lexical: string } | undefined {
  let first: { constraint: Extract<Constraint, { kind: 'atomic' }>; at: number; lexical: string } | undefined;
  for (const c of topLevelAtoms(duty.constraints)) {
    if (c.leftOperand !== odrl('dateTime') || (c.operator !== 'lt' && c.operator !== 'lteq')) continue;
    const at = coerceOperand(c.rightOperand, 'dateTime');
    if (at.type !== 'dateTime' || (c.operator === 'lt' ? now < at.value : now <= at.value)) continue;
    if (!first || at.value < first.at) first = { constraint: c, at: at.value, lexical: at.lexical };
  }
  return first;
}

function topLevelAtoms(constraints: readonly Constraint[]): Extract<Constraint, { kind: 'atomic' }>[] {
  return constraints.flatMap((c) => (c.kind === 'atomic' ? [c] : c.operator === 'and' || c.operator === 'andSequence' ? topLevelAtoms(c.constraints) : []));
}

function anchorOf(duty: Duty, input: DeadlineInput): { name: string; at: number | undefined } {
  const anchor = duty.anchor;
  if (anchor === undefined || anchor === fl('agreementStart')) {
    const at = input.agreementStart ?? (input.context.scope === 'negotiation' ? input.now : undefined);
    return { name: 'agreement start', at };
  }
  const name = compactIri(anchor);
  const anchors = input.context.anchors ?? {};
  const raw = anchors[anchor] ?? anchors[name] ?? anchors[name.slice(name.indexOf(':') + 1)];
  return { name, at: raw === undefined ? undefined : toEpochMs(raw) };
}
