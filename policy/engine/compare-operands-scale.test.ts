import { describe, expect, it } from 'vitest';
import { createDefaultPolicyEngine } from '../index.js';
import type { ScalarValue, Value } from '../model/value.js';
import { MAX_OPERAND_ITEMS } from '../odrl/parse-right-operand.js';
import { credentialTypeMatcher } from '../functions/credential-type.js';
import { compareOperands, type KeyedMatcher } from './compare-operands.js';

/** Items whose fields count every read: the cost of a comparison without a clock. */
function counted(n: number, prefix: string, reads: { n: number }): Value {
  const items = Array.from({ length: n }, (_, i) => {
    const item = {};
    const read = <T>(v: T): T => {
      reads.n++;
      return v;
    };
    Object.defineProperty(item, 'type', { get: () => read('string'), enumerable: true });
    Object.defineProperty(item, 'value', { get: () => read(`${prefix}${i}`), enumerable: true });
    return item as ScalarValue;
  });
  return { type: 'list', items };
}

describe('set comparisons scale linearly (counted reads, no clock)', () => {
  const N = 2000;
  it.each(['isAllOf', 'hasPart', 'isAnyOf', 'isNoneOf', 'isPartOf'] as const)('%s with equality: reads grow with a + e, not a × e', (op) => {
    const reads = { n: 0 };
    const r = compareOperands(op, counted(N, 'g', reads), counted(N, 'g', reads));
    expect('holds' in r).toBe(true);
    expect(reads.n).toBeLessThan(20 * 2 * N); // a × e would be 4 000 000
  });

  it('a keyed matcher computes each item’s keys once', () => {
    const calls = { actual: 0, expected: 0 };
    const m: KeyedMatcher = {
      actualKeys: (v) => {
        calls.actual++;
        return credentialTypeMatcher.actualKeys(v);
      },
      expectedKey: (v) => {
        calls.expected++;
        return credentialTypeMatcher.expectedKey(v);
      },
    };
    const held = { type: 'list', items: Array.from({ length: N }, (_, i) => ({ type: 'string', value: `urn:t:${i}` })) } as Value;
    const listed = { type: 'list', items: Array.from({ length: N }, (_, i) => ({ type: 'string', value: `urn:t:${i}` })) } as Value;
    expect(compareOperands('isAllOf', held, listed, m)).toEqual({ holds: true });
    expect(calls).toEqual({ actual: N, expected: N });
  });

  it('a type mismatch is still found (the first pair), in linear reads', () => {
    const reads = { n: 0 };
    const mixed: Value = { type: 'list', items: [...(counted(N, 'g', reads) as { items: readonly Value[] }).items, { type: 'number', value: 1 }] };
    expect(compareOperands('isAnyOf', counted(N, 'g', reads), mixed)).toEqual({ error: 'type mismatch: saw a string, the policy gives a number' });
    expect(reads.n).toBeLessThan(20 * 2 * N);
  });

  it(`refuses a right operand list of more than ${MAX_OPERAND_ITEMS} items at its pointer`, () => {
    const items = Array.from({ length: MAX_OPERAND_ITEMS + 1 }, (_, i) => `g${i}`);
    const v = createDefaultPolicyEngine().validate({
      '@type': 'Set',
      permission: [{ action: 'use', constraint: [{ leftOperand: 'kontor:credentialType', operator: 'isAllOf', rightOperand: items }] }],
    });
    expect(v.valid).toBe(false);
    expect(v.problems).toContainEqual({ pointer: '/permission/0/constraint/0/rightOperand', message: expect.stringContaining(`at most ${MAX_OPERAND_ITEMS}`) });
  });
});
