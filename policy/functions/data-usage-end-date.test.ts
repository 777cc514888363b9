import { describe, expect, it } from 'vitest';
import { dataUsageEndDateFunction as fn } from './data-usage-end-date.js';
import { run, status, validationOf } from './function-test-kit.js';

const c = (rightOperand: unknown, operator = 'eq') => ({ leftOperand: 'cx-policy:DataUsageEndDate', operator, rightOperand });

describe('DataUsageEndDate', () => {
  it.each([
    ['before the end', c('2026-12-31T00:00:00Z'), 'true'],
    ['at the end', c('2026-06-15T12:00:00Z'), 'true'],
    ['after the end', c('2026-06-01T00:00:00Z'), 'false'],
    ['typed literal', c({ '@value': '2027-01-01', '@type': 'xsd:date' }), 'true'],
    ['not a date', c('never'), 'error'],
  ] as const)('%s', (_n, json, expected) => {
    expect(status(fn, json)).toBe(expected);
  });
  it('explains an expired agreement', () => {
    expect(run(fn, c('2026-06-01T00:00:00Z'))).toMatchObject({ status: 'false', expected: 'until 2026-06-01T00:00:00.000Z' });
  });
  it('only eq with a date', () => {
    expect(validationOf(fn, c('2026-06-01T00:00:00Z', 'lt'))).toHaveLength(1);
    expect(validationOf(fn, c('soon'))).toHaveLength(1);
  });
});
