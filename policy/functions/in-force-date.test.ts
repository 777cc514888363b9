import { describe, expect, it } from 'vitest';
import { status, validationOf } from './function-test-kit.js';
import { inForceDateFunction as fn } from './in-force-date.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'edc:inForceDate', operator, rightOperand });
const signed = { agreementStart: '2026-06-01T12:00:00Z' };

describe('inForceDate', () => {
  it.each([
    ['after an absolute start', c('gteq', { '@value': '2026-01-01T00:00:00Z', '@type': 'xsd:dateTime' }), {}, 'true'],
    ['before an absolute end (plain string)', c('lteq', '2026-06-01T00:00:00Z'), {}, 'false'],
    ['relative: within 30 days', c('lteq', 'contractAgreement+30d'), signed, 'true'],
    ['relative: after 10 days', c('lteq', 'contractAgreement+10d'), signed, 'false'],
    ['relative in hours', c('gteq', 'contractAgreement+1h'), signed, 'true'],
    ['relative without agreement in transfer', c('lteq', 'contractAgreement+30d'), {}, 'error'],
    ['relative at negotiation', c('lteq', 'contractAgreement+30d'), { scope: 'negotiation' as const }, 'true'],
    ['cx-policy alias in catalog', { ...c('gteq', '2026-01-01T00:00:00Z'), leftOperand: 'cx-policy:inForceDate' }, { scope: 'catalog' as const }, 'true'],
  ] as const)('%s', (_n, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });
  it('rejects other strings at creation', () => expect(validationOf(fn, c('lteq', 'next week'))).toHaveLength(1));
});
