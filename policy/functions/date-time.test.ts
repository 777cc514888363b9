import { describe, expect, it } from 'vitest';
import { dateTimeFunction as fn } from './date-time.js';
import { status, validationOf } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'dateTime', operator, rightOperand });
const dt = (v: string) => ({ '@value': v, '@type': 'xsd:dateTime' });

describe('dateTime', () => {
  it.each([
    ['gteq before now', c('gteq', dt('2026-01-01T00:00:00Z')), {}, 'true'],
    ['lt before now', c('lt', dt('2026-01-01T00:00:00Z')), {}, 'false'],
    ['lt after now', c('lt', dt('2027-01-01T00:00:00Z')), {}, 'true'],
    ['lteq exactly now', c('lteq', dt('2026-06-15T12:00:00Z')), {}, 'true'],
    ['gt exactly now', c('gt', dt('2026-06-15T12:00:00Z')), {}, 'false'],
    ['zone offsets', c('lt', dt('2026-06-15T13:00:01+01:00')), {}, 'true'],
    ['plain string coerced', c('lt', '2027-01-01T00:00:00Z'), {}, 'true'],
    ['xsd:date', c('gteq', { '@value': '2026-06-15', '@type': 'xsd:date' }), {}, 'true'],
    ['now as epoch ms', c('lt', dt('2026-06-15T12:00:00Z')), { now: Date.parse('2026-06-15T11:59:59Z') }, 'true'],
    ['number operand is a type mismatch', c('lt', 5), {}, 'error'],
    ['non-date string is a type mismatch', c('lt', 'tomorrow'), {}, 'error'],
    ['bound in catalog', c('gteq', dt('2026-01-01T00:00:00Z')), { scope: 'catalog' }, 'true'],
  ] as const)('%s', (_name, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });

  it('validation rejects set operators and non-dates', () => {
    expect(validationOf(fn, c('isAnyOf', dt('2026-01-01T00:00:00Z')))[0]?.pointer).toBe('/constraint/0/operator');
    expect(validationOf(fn, c('lt', 'soon'))[0]?.pointer).toBe('/constraint/0/rightOperand');
    expect(validationOf(fn, c('lt', '2026-01-01T00:00:00Z'))).toEqual([]);
  });
});

describe('dateTime at negotiation', () => {
  it.each([
    ['window not open yet: deferred', c('gteq', dt('2026-12-01T00:00:00Z')), 'deferred'],
    ['window open: holds', c('gteq', dt('2026-01-01T00:00:00Z')), 'true'],
    ['window closed: denies', c('lt', dt('2026-01-01T00:00:00Z')), 'false'],
  ] as const)('%s', (_name, json, expected) => {
    expect(status(fn, json, { scope: 'negotiation' })).toBe(expected);
  });
});
