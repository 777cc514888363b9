import { describe, expect, it } from 'vitest';
import { parseDuration } from '../model/duration.js';
import type { Operator } from '../model/operator.js';
import { dateTimeValue, iri, list, num, str, type Value } from '../model/value.js';
import { compareOperands } from './compare-operands.js';

const dur = (s: string): Value => ({ type: 'duration', value: parseDuration(s) ?? { months: 0, ms: 0 }, lexical: s });
const dt = (s: string): Value => dateTimeValue(Date.parse(s));
const set = (...xs: string[]): Value => list(xs.map(str));

describe('compareOperands', () => {
  it.each<[string, Operator, Value, Value, boolean | 'error']>([
    ['eq numbers', 'eq', num(3), num(3), true],
    ['neq numbers', 'neq', num(3), num(4), true],
    ['lt numbers', 'lt', num(3), num(4), true],
    ['lteq equal', 'lteq', num(4), num(4), true],
    ['gt', 'gt', num(4), num(4), false],
    ['gteq', 'gteq', num(5), num(4), true],
    ['dateTime lt', 'lt', dt('2026-01-01T00:00:00Z'), dt('2026-01-02T00:00:00Z'), true],
    ['dateTime eq across zones', 'eq', dt('2026-01-01T01:00:00+01:00'), dt('2026-01-01T00:00:00Z'), true],
    ['duration P1D eq PT24H', 'eq', dur('P1D'), dur('PT24H'), true],
    ['duration lt', 'lt', dur('PT1H'), dur('P1D'), true],
    ['P1M vs P30D incomparable', 'lt', dur('P1M'), dur('P30D'), 'error'],
    ['P1M lt P32D', 'lt', dur('P1M'), dur('P32D'), true],
    ['P1Y gt P364D', 'gt', dur('P1Y'), dur('P364D'), true],
    ['string eq', 'eq', str('a'), str('a'), true],
    ['string eq iri', 'eq', str('did:web:a'), iri('did:web:a'), true],
    ['string lt is refused', 'lt', str('a'), str('b'), 'error'],
    ['number vs string', 'eq', num(1), str('1'), 'error'],
    ['dateTime vs duration', 'lt', dt('2026-01-01T00:00:00Z'), dur('P1D'), 'error'],
    ['eq against a list is refused', 'eq', str('a'), set('a', 'b'), 'error'],
    ['isA without hierarchy is equality', 'isA', str('a'), str('a'), true],
    ['hasPart', 'hasPart', set('a', 'b'), str('a'), true],
    ['hasPart missing', 'hasPart', set('a', 'b'), str('c'), false],
    ['isPartOf', 'isPartOf', set('a'), set('a', 'b'), true],
    ['isPartOf not all', 'isPartOf', set('a', 'c'), set('a', 'b'), false],
    ['isPartOf of nothing', 'isPartOf', set(), set('a'), false],
    ['isAllOf', 'isAllOf', set('a', 'b', 'c'), set('a', 'b'), true],
    ['isAllOf missing', 'isAllOf', set('a'), set('a', 'b'), false],
    ['isAnyOf scalar', 'isAnyOf', str('b'), set('a', 'b'), true],
    ['isAnyOf none', 'isAnyOf', str('c'), set('a', 'b'), false],
    ['isAnyOf empty actual', 'isAnyOf', set(), set('a'), false],
    ['isNoneOf', 'isNoneOf', str('c'), set('a', 'b'), true],
    ['isNoneOf hit', 'isNoneOf', set('c', 'a'), set('a', 'b'), false],
    ['set op type mismatch', 'isAnyOf', num(1), set('1'), 'error'],
  ])('%s', (_n, op, actual, expected, result) => {
    const r = compareOperands(op, actual, expected);
    if (result === 'error') expect(r).toHaveProperty('error');
    else expect(r).toEqual({ holds: result });
  });

  it('uses the matcher for hierarchy operators', () => {
    const narrower = (a: { value: unknown }, e: { value: unknown }) => a.value === e.value || (a.value === 'child' && e.value === 'parent');
    expect(compareOperands('isA', str('child'), str('parent'), narrower)).toEqual({ holds: true });
    expect(compareOperands('eq', str('child'), str('parent'), narrower)).toEqual({ holds: false });
    expect(compareOperands('isAnyOf', str('child'), set('x', 'parent'), narrower)).toEqual({ holds: true });
  });
});
