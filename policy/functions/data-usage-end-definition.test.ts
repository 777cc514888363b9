import { describe, expect, it } from 'vitest';
import { dataUsageEndDefinitionFunction as fn } from './data-usage-end-definition.js';
import { status, validationOf } from './function-test-kit.js';

const c = (rightOperand: unknown) => ({ leftOperand: 'cx-policy:DataUsageEndDefinition', operator: 'eq', rightOperand });

describe('DataUsageEndDefinition', () => {
  it.each([
    ['unlimited', c('cx.dataUsageEnd.unlimited:1'), 'true'],
    ['anything else cannot be decided', c('cx.dataUsageEnd.sometimes:1'), 'error'],
  ] as const)('%s', (_n, json, expected) => {
    expect(status(fn, json)).toBe(expected);
  });
  it('only the unlimited value is valid', () => expect(validationOf(fn, c('forever'))).toHaveLength(1));
});
