import { describe, expect, it } from 'vitest';
import { createPolicyEngine } from './policy-engine.js';

const engine = createPolicyEngine();
const NOW = '2026-06-15T12:00:00Z';
const withDuty = (constraint: unknown[], action = 'delete') => engine.parse({ '@type': 'Set', permission: [{ action: 'use', duty: [{ action, constraint }] }] });
const dt = (operator: string, rightOperand: unknown) => ({ leftOperand: 'dateTime', operator, rightOperand });

describe('a permission whose duty is past its deadline', () => {
  it('is denied, naming the duty and its passed deadline', () => {
    const r = engine.evaluate(withDuty([dt('lt', '2020-01-01T00:00:00Z')]), { scope: 'transfer', now: NOW });
    expect(r.allowed).toBe(false);
    expect(r.obligations).toEqual([]);
    expect(r.problems).toEqual([
      {
        path: '/permission/0/duty/0/constraint/0',
        constraint: 'dateTime lt 2020-01-01T00:00:00Z',
        expected: '2020-01-01T00:00:00Z',
        actual: '2026-06-15T12:00:00.000Z',
        message: "the duty 'delete' was due before 2020-01-01T00:00:00Z: it can no longer be met",
      },
    ]);
  });

  it('compiled evaluation denies alike', () => {
    const p = withDuty([{ and: [dt('lteq', '2026-06-01T00:00:00Z')] }]);
    const r = engine.compile(p).evaluate({ scope: 'negotiation', now: NOW });
    expect(r.allowed).toBe(false);
    expect(r.problems.map((x) => x.message)).toEqual(["the duty 'delete' was due by 2026-06-01T00:00:00Z: it can no longer be met"]);
  });

  it.each([
    ['lt: at the instant it is due no more', 'lt', NOW, false],
    ['lteq: at the instant it is still due', 'lteq', NOW, true],
    ['a future deadline', 'lt', '2026-07-01T00:00:00Z', true],
    ['gteq is no deadline', 'gteq', '2020-01-01T00:00:00Z', true],
  ])('%s', (_name, operator, at, allowed) => {
    const r = engine.evaluate(withDuty([dt(operator, at)]), { scope: 'transfer', now: NOW });
    expect(r.allowed).toBe(allowed);
    if (allowed) expect(r.obligations[0]?.action).toBe('delete');
  });

  it('leaves a duty due after an event alone (the deletion duties of federated training), and another permission may still grant', () => {
    const elapsed = engine.parse({
      permission: [{ action: 'use', duty: [{ action: 'delete', constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P1D' }] }] }],
      obligation: [{ action: 'delete', constraint: [dt('lteq', '2020-01-01T00:00:00Z')] }],
    });
    expect(engine.evaluate(elapsed, { scope: 'transfer', now: NOW, agreementStart: '2026-01-01T00:00:00Z' }).allowed).toBe(true);
    const two = engine.parse({ permission: [{ action: 'use', duty: [{ action: 'delete', constraint: [dt('lt', '2020-01-01T00:00:00Z')] }] }, { action: 'use' }] });
    const r = engine.evaluate(two, { scope: 'transfer', now: NOW });
    expect(r.allowed).toBe(true);
    expect(r.obligations).toEqual([]);
  });
});
