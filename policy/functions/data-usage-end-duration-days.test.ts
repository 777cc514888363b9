import { describe, expect, it } from 'vitest';
import { dataUsageEndDurationDaysFunction as fn } from './data-usage-end-duration-days.js';
import { status, validationOf } from './function-test-kit.js';

const c = (rightOperand: unknown) => ({ leftOperand: 'cx-policy:DataUsageEndDurationDays', operator: 'eq', rightOperand });

describe('DataUsageEndDurationDays', () => {
  it.each([
    ['within 30 days', c(30), { agreementStart: '2026-06-01T00:00:00Z' }, 'true'],
    ['after 10 days', c(10), { agreementStart: '2026-06-01T00:00:00Z' }, 'false'],
    ['negotiation: starts now', c(1), { scope: 'negotiation' as const }, 'true'],
    ['transfer without agreement start', c(30), {}, 'error'],
    ['string days', c('30'), { agreementStart: '2026-06-01T00:00:00Z' }, 'true'],
  ] as const)('%s', (_n, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });
  it('rejects zero and fractions', () => {
    expect(validationOf(fn, c(0))).toHaveLength(1);
    expect(validationOf(fn, c(1.5))).toHaveLength(1);
  });
});
