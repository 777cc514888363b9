import { describe, expect, it } from 'vitest';
import { createPolicyEngine } from '../engine/policy-engine.js';

/** `unit`, `dataType` and `status` are refused where nothing reads them, instead of being stored and ignored. */
const engine = createPolicyEngine();
const perm = (constraint: Record<string, unknown>) => ({ '@type': 'Set', permission: [{ action: 'use', constraint: [constraint] }] });
const problems = (constraint: Record<string, unknown>) => engine.validate(perm(constraint)).problems;
const at = (pointer: string, message: string | RegExp) => ({
  pointer: `/permission/0/constraint/0${pointer}`,
  message: typeof message === 'string' ? message : expect.stringMatching(message),
});
const FUTURE = '2030-01-01T00:00:00Z';

describe('constraint annotations', () => {
  it.each([
    ['a string', { unit: 'http://example.com/x' }],
    ['odrl:unit as {"@id"}', { 'odrl:unit': { '@id': 'http://example.com/x' } }],
  ])('refuses a unit on dateTime (%s), which takes none', (_n, unit) => {
    expect(problems({ leftOperand: 'dateTime', operator: 'lt', rightOperand: FUTURE, ...unit })).toEqual([at('/unit', "dateTime takes no unit; got 'http://example.com/x'")]);
  });

  it('refuses a unit on spatial, and any unit on count but its round unit', () => {
    expect(problems({ leftOperand: 'spatial', operator: 'eq', rightOperand: 'DE', unit: 'x' })).toEqual([at('/unit', /^spatial takes no unit; got/)]);
    expect(problems({ leftOperand: 'count', operator: 'lteq', rightOperand: 3, unit: 'http://example.com/perHour' })).toEqual([
      at('/unit', "count takes no unit or fl:TrainingRound; got 'http://example.com/perHour'"),
    ]);
    expect(problems({ leftOperand: 'count', operator: 'lteq', rightOperand: 3, unit: 'fl:TrainingRound' })).toEqual([]);
    expect(problems({ leftOperand: 'count', operator: 'lteq', rightOperand: 3, 'odrl:unit': { '@id': 'https://w3id.org/kontor/fl/TrainingRound' } })).toEqual([]);
  });

  it('refuses status, naming it', () => {
    expect(problems({ leftOperand: 'count', operator: 'lteq', rightOperand: 3, status: 100 })).toEqual([
      at('/status', 'status is not supported: a constraint compares the left operand itself; remove status'),
    ]);
    expect(problems({ leftOperand: 'dateTime', operator: 'lt', rightOperand: FUTURE, 'odrl:status': 1 })).toEqual([at('/odrl:status', /^status is not supported/)]);
  });

  it('refuses a value typed xsd:string where a count takes an integer, and accepts numeric types', () => {
    expect(problems({ leftOperand: 'count', operator: 'lteq', rightOperand: { '@value': '3', '@type': 'xsd:string' } })).toEqual([
      at('/rightOperand', /^count: the value is typed xsd:string, but this operand takes an integer \(xsd:integer, /),
    ]);
    expect(problems({ leftOperand: 'count', operator: 'lteq', rightOperand: 3, dataType: 'xsd:string' })).toEqual([
      at('/dataType', /^count: the value is typed xsd:string, but this operand takes an integer/),
    ]);
    expect(problems({ leftOperand: 'count', operator: 'lteq', rightOperand: 3, 'odrl:dataType': { '@id': 'xsd:string' } })).toEqual([at('/dataType', /xsd:string/)]);
    expect(problems({ leftOperand: 'count', operator: 'lteq', rightOperand: { '@value': '3', '@type': 'xsd:integer' } })).toEqual([]);
    expect(problems({ leftOperand: 'count', operator: 'lteq', rightOperand: 5, dataType: 'xsd:integer', unit: 'https://w3id.org/kontor/fl/TrainingRound' })).toEqual([]);
    // A plain string that reads as the operand's type still counts as it.
    expect(problems({ leftOperand: 'count', operator: 'lteq', rightOperand: '3' })).toEqual([]);
  });

  it('refuses xsd:string on a dateTime and a duration, and accepts their own types and strings on text operands', () => {
    expect(problems({ leftOperand: 'dateTime', operator: 'lt', rightOperand: { '@value': FUTURE, '@type': 'xsd:string' } })).toEqual([
      at('/rightOperand', /^dateTime: the value is typed xsd:string, but this operand takes a dateTime/),
    ]);
    expect(problems({ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: { '@value': 'P30D', '@type': 'xsd:string' } })).toEqual([
      at('/rightOperand', /^elapsedTime: the value is typed xsd:string, but this operand takes a duration/),
    ]);
    expect(problems({ leftOperand: 'dateTime', operator: 'lt', rightOperand: { '@value': FUTURE, '@type': 'xsd:dateTime' } })).toEqual([]);
    expect(problems({ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: { '@value': 'P30D', '@type': 'xsd:duration' } })).toEqual([]);
    expect(problems({ leftOperand: 'spatial', operator: 'isAnyOf', rightOperand: [{ '@value': 'DE', '@type': 'xsd:string' }], dataType: 'xsd:string' })).toEqual([]);
  });
});

describe('empty rule lists', () => {
  it('are no rules: a policy of empty lists is refused like one without them', () => {
    for (const policy of [
      { '@type': 'Set', permission: [] },
      { permission: [], prohibition: [], obligation: { '@list': [] } },
    ]) {
      expect(engine.validate(policy).problems).toEqual([
        {
          pointer: '',
          message: 'a policy needs at least one permission, prohibition or obligation; an empty list holds none (to allow everything, write {"permission": [{"action": "use"}]})',
        },
      ]);
    }
    expect(engine.validate({ permission: [], prohibition: [{ action: 'distribute' }] }).valid).toBe(true);
  });
});
