import { describe, expect, it } from 'vitest';
import { elapsedTimeFunction as fn } from './elapsed-time.js';
import { run, status, validationOf } from './function-test-kit.js';

const c = (operator: string, d: string) => ({ leftOperand: 'odrl:elapsedTime', operator, rightOperand: { '@value': d, '@type': 'xsd:duration' } });
const start = (iso: string) => ({ agreementStart: iso });

describe('elapsedTime', () => {
  it.each([
    ['10 days in, lteq P30D', c('lteq', 'P30D'), start('2026-06-05T12:00:00Z'), 'true'],
    ['31 days in, lteq P30D', c('lteq', 'P30D'), start('2026-05-15T12:00:00Z'), 'false'],
    ['exactly P30D, lteq', c('lteq', 'P30D'), start('2026-05-16T12:00:00Z'), 'true'],
    ['exactly P30D, lt', c('lt', 'P30D'), start('2026-05-16T12:00:00Z'), 'false'],
    ['one calendar month (31 days in May)', c('lteq', 'P1M'), start('2026-05-15T12:00:00Z'), 'true'],
    ['PT1H after 2 hours', c('lteq', 'PT1H'), start('2026-06-15T10:00:00Z'), 'false'],
    ['plain string duration', c('lteq', 'P1Y'), start('2026-01-01T00:00:00Z'), 'true'],
    ['negotiation: the agreement starts now', c('lteq', 'PT1H'), { scope: 'negotiation' as const }, 'true'],
    ['transfer without agreementStart', c('lteq', 'PT1H'), {}, 'error'],
    ['start in the future', c('lteq', 'PT1H'), start('2026-07-01T00:00:00Z'), 'error'],
    ['not bound in catalog', c('lteq', 'PT1H'), { scope: 'catalog' as const }, 'unbound'],
  ] as const)('%s', (_n, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });

  it('explains what it saw', () => {
    const v = run(fn, c('lteq', 'P30D'), start('2026-05-15T12:00:00Z'));
    expect(v).toMatchObject({ status: 'false', actual: 'P31D', expected: 'P30D' });
  });

  it('a number is a type mismatch, not a pass', () => {
    expect(status(fn, { leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 30 }, start('2026-06-01T00:00:00Z'))).toBe('error');
    expect(validationOf(fn, { leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 30 })).toHaveLength(1);
  });

  it('a failing comparison never shows an elapsed time that reads like a pass', () => {
    // 3.4 s after the start: whole seconds would say PT3S against lteq PT3S.
    const v = run(fn, c('lteq', 'PT3S'), { now: '2026-06-15T12:00:03.400Z', agreementStart: '2026-06-15T12:00:00Z' });
    expect(v).toMatchObject({ status: 'false', actual: 'PT3.4S', expected: 'PT3S' });
    expect(typeof v === 'string' ? v : v.message).toContain('elapsed PT3.4S since');
    // 2.6 s against gteq PT3S: rounding up would read like a pass too.
    expect(run(fn, c('gteq', 'PT3S'), { now: '2026-06-15T12:00:02.600Z', agreementStart: '2026-06-15T12:00:00Z' })).toMatchObject({
      status: 'false',
      actual: 'PT2.6S',
    });
    // Exactly at the limit with eq, and far from it: whole seconds are unambiguous.
    expect(run(fn, c('lteq', 'PT3S'), { now: '2026-06-15T12:00:10.400Z', agreementStart: '2026-06-15T12:00:00Z' })).toMatchObject({
      status: 'false',
      actual: 'PT10S',
    });
  });
});
