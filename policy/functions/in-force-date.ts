import { parseDateTime } from '../model/date-time.js';
import { MAX_OFFSET_MS, TOO_LONG } from './duration-bound.js';
import { NS, cx } from '../model/iri.js';
import { dateTimeValue, type Value } from '../model/value.js';
import { checkOperand } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition, ConstraintInput, Verdict } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { ALL_SCOPES } from '../engine/policy-scope.js';
import { agreementStartOf } from './agreement-start.js';

const RELATIVE = /^contractAgreement\s*\+\s*(\d+)\s*([smhd])$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `inForceDate` (EDC/Tractus-X legacy): `now` against an absolute dateTime or a date relative to
 * the agreement, "contractAgreement+30d" (s, m, h, d).
 */
export const inForceDateFunction: ConstraintFunctionDefinition = {
  name: 'inForceDate',
  leftOperands: [`${NS.edc}inForceDate`, cx('inForceDate')],
  scopes: ALL_SCOPES,
  evaluate: (input): Verdict => {
    const right = resolve(input);
    if (typeof right === 'string') return { status: 'error', message: right };
    return checkOperand({ ...input, constraint: { ...input.constraint, rightOperand: right } }, dateTimeValue(input.now), '');
  },
  validate: operandRules({
    operators: ['eq', 'lt', 'lteq', 'gt', 'gteq'],
    kind: 'any',
    item: (v) => {
      if (!resolvable(v)) return 'expected an xsd:dateTime or "contractAgreement+<n><s|m|h|d>"';
      const offset = offsetMs(v);
      return offset !== undefined && offset > MAX_OFFSET_MS ? `the offset ${TOO_LONG}` : undefined;
    },
  }),
};

/** The offset of "contractAgreement+<n><unit>" in ms, undefined for an absolute date. */
function offsetMs(v: Value): number | undefined {
  const m = v.type === 'string' ? RELATIVE.exec(v.value) : null;
  return m ? Number(m[1]) * (UNIT_MS[m[2] ?? 'd'] ?? 0) : undefined;
}

function resolvable(v: Value): boolean {
  return v.type === 'dateTime' || (v.type === 'string' && (RELATIVE.test(v.value) || parseDateTime(v.value) !== undefined));
}

function resolve(input: ConstraintInput): Value | string {
  const v = input.constraint.rightOperand;
  if (v.type === 'dateTime') return v;
  if (v.type !== 'string') return `inForceDate needs a dateTime, got a ${v.type}`;
  const m = RELATIVE.exec(v.value);
  if (!m) {
    const ms = parseDateTime(v.value);
    return ms === undefined ? `'${v.value}' is not a date` : dateTimeValue(ms);
  }
  const start = agreementStartOf(input);
  return typeof start === 'string' ? start : dateTimeValue(start + Number(m[1]) * (UNIT_MS[m[2] ?? 'd'] ?? 0));
}
