import { formatDateTime } from '../model/date-time.js';
import { cx } from '../model/iri.js';
import { coerceOperand } from '../engine/coerce-operand.js';
import type { ConstraintFunctionDefinition, Verdict } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { USAGE_SCOPES } from '../engine/policy-scope.js';
import { agreementStartOf } from './agreement-start.js';
import { MAX_OFFSET_DAYS, TOO_LONG } from './duration-bound.js';

const DAY_MS = 86_400_000;

/** The provider provisions data until `end` inclusive; after it, transfers under the agreement stop. */
function provisionedUntil(now: number, end: number, what: string): Verdict {
  const holds = now <= end;
  const until = formatDateTime(end);
  return {
    status: holds ? 'true' : 'false',
    actual: formatDateTime(now),
    expected: `until ${until}`,
    message: holds ? `${what}: data is provided until ${until}` : `${what}: data provisioning ended at ${until}; now is ${formatDateTime(now)}`,
  };
}

/**
 * `DataProvisioningEndDate eq <dateTime>` (Catena-X usage obligation): the provider provides the data
 * until that instant. As a policy obligation it is listed with the other obligations; where it is
 * evaluated (a permission constraint), a transfer after the end is denied.
 */
export const dataProvisioningEndDateFunction: ConstraintFunctionDefinition = {
  name: 'dataProvisioningEndDate',
  leftOperands: [cx('DataProvisioningEndDate')],
  scopes: USAGE_SCOPES,
  evaluate: (input): Verdict => {
    const end = coerceOperand(input.constraint.rightOperand, 'dateTime');
    if (end.type !== 'dateTime') return { status: 'error', message: `DataProvisioningEndDate needs an xsd:dateTime, got a ${end.type}` };
    return provisionedUntil(input.now, end.value, 'DataProvisioningEndDate');
  },
  validate: operandRules({ operators: ['eq'], kind: 'dateTime', coerce: 'dateTime' }),
};

/** `DataProvisioningEndDurationDays eq <n>`: as above, n days after the agreement started. */
export const dataProvisioningEndDurationDaysFunction: ConstraintFunctionDefinition = {
  name: 'dataProvisioningEndDurationDays',
  leftOperands: [cx('DataProvisioningEndDurationDays')],
  scopes: USAGE_SCOPES,
  evaluate: (input): Verdict => {
    const days = coerceOperand(input.constraint.rightOperand, 'number');
    if (days.type !== 'number') return { status: 'error', message: `DataProvisioningEndDurationDays needs an integer, got a ${days.type}` };
    const start = agreementStartOf(input);
    if (typeof start === 'string') return { status: 'error', message: start };
    return provisionedUntil(input.now, start + days.value * DAY_MS, `DataProvisioningEndDurationDays ${days.value}`);
  },
  validate: operandRules({
    operators: ['eq'],
    kind: 'integer',
    coerce: 'number',
    item: (v) => (v.type === 'number' && v.value > 0 ? (v.value > MAX_OFFSET_DAYS ? `${v.value} days ${TOO_LONG}` : undefined) : 'must be a positive number of days'),
  }),
};
