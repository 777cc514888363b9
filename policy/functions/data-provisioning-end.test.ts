import { describe, expect, it } from 'vitest';
import { dataProvisioningEndDateFunction as date, dataProvisioningEndDurationDaysFunction as days } from './data-provisioning-end.js';
import { run, status, validationOf } from './function-test-kit.js';

const byDate = (rightOperand: unknown, operator = 'eq') => ({ leftOperand: 'cx-policy:DataProvisioningEndDate', operator, rightOperand });
const byDays = (rightOperand: unknown, operator = 'eq') => ({ leftOperand: 'cx-policy:DataProvisioningEndDurationDays', operator, rightOperand });

describe('DataProvisioningEnd*', () => {
  it.each([
    ['date ahead', date, byDate('2026-12-31T00:00:00Z'), {}, 'true'],
    ['date passed', date, byDate('2026-06-01T00:00:00Z'), {}, 'false'],
    ['not a date', date, byDate('never'), {}, 'error'],
    ['30 days, agreement 10 days ago', days, byDays(30), { agreementStart: '2026-06-05T12:00:00Z' }, 'true'],
    ['30 days, agreement 40 days ago', days, byDays('30'), { agreementStart: '2026-05-06T12:00:00Z' }, 'false'],
    ['no agreement start at transfer', days, byDays(30), {}, 'error'],
    ['at negotiation counts from now', days, byDays(1), { scope: 'negotiation' as const }, 'true'],
  ] as const)('%s', (_n, fn, json, context, expected) => {
    expect(status(fn, json, context)).toBe(expected);
  });
  it('explains an ended provisioning', () => {
    expect(run(date, byDate('2026-06-01T00:00:00Z'))).toMatchObject({ expected: 'until 2026-06-01T00:00:00.000Z', message: expect.stringContaining('provisioning ended') });
  });
  it('only eq with a date / a positive integer', () => {
    expect(validationOf(date, byDate('2026-06-01T00:00:00Z', 'lt'))).toHaveLength(1);
    expect(validationOf(days, byDays(0))).toHaveLength(1);
    expect(validationOf(days, byDays(365))).toEqual([]);
  });
});
