import { addDuration } from '../model/duration.js';
import { TOO_LONG, durationTooLong } from './duration-bound.js';
import { formatDurationMs } from '../model/format-duration.js';
import { formatDateTime } from '../model/date-time.js';
import { odrl } from '../model/iri.js';
import { coerceOperand } from '../engine/coerce-operand.js';
import type { ConstraintFunctionDefinition, Verdict } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { USAGE_SCOPES } from '../engine/policy-scope.js';
import { agreementStartOf } from './agreement-start.js';

/**
 * The elapsed time in whole seconds, unless that rounded value compares with the limit differently from the
 * real one (3.4 s shown as PT3S against lteq PT3S would read like a pass): then with its milliseconds.
 */
function elapsedText(elapsed: number, start: number, limit: number, sign: number): string {
  const rounded = Math.round(elapsed / 1000) * 1000;
  return Math.sign(start + rounded - limit) === sign ? formatDurationMs(elapsed) : formatDurationMs(elapsed, true);
}

/**
 * `elapsedTime`: time since the agreement started, compared with calendar arithmetic
 * (elapsed lteq P1M ⇔ now ≤ start + 1 month), so months and years are exact.
 */
export const elapsedTimeFunction: ConstraintFunctionDefinition = {
  name: 'elapsedTime',
  leftOperands: [odrl('elapsedTime')],
  scopes: USAGE_SCOPES,
  evaluate: (input): Verdict => {
    const start = agreementStartOf(input);
    if (typeof start === 'string') return { status: 'error', message: start };
    const right = coerceOperand(input.constraint.rightOperand, 'duration');
    if (right.type !== 'duration') return { status: 'error', message: `elapsedTime needs an xsd:duration, got a ${right.type}` };
    const elapsed = input.now - start;
    if (elapsed < 0) return { status: 'error', actual: formatDateTime(start), message: 'now is before the agreement start' };
    const limit = addDuration(start, right.value);
    const sign = Math.sign(input.now - limit);
    const op = input.constraint.operator;
    const holds = op === 'eq' ? sign === 0 : op === 'lt' ? sign < 0 : op === 'lteq' ? sign <= 0 : op === 'gt' ? sign > 0 : op === 'gteq' ? sign >= 0 : undefined;
    if (holds === undefined) return { status: 'error', message: `elapsedTime does not support '${op}'` };
    const actual = elapsedText(elapsed, start, limit, sign);
    return {
      status: holds ? 'true' : 'false',
      actual,
      expected: right.lexical,
      message: `elapsed ${actual} since ${formatDateTime(start)}; the policy requires ${op} ${right.lexical} (until ${formatDateTime(limit)})`,
    };
  },
  validate: operandRules({
    operators: ['eq', 'lt', 'lteq', 'gt', 'gteq'],
    kind: 'duration',
    coerce: 'duration',
    item: (v) => (v.type === 'duration' && durationTooLong(v.value) ? `${v.lexical} ${TOO_LONG}` : undefined),
  }),
};
