import { describe, expect, it } from 'vitest';
import { taskTypeFunction as fn } from './fl-task-type.js';
import { status, validationOf } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'fl:taskType', operator, rightOperand });
const round = (taskType?: string) => ({ scope: 'training.round' as const, training: taskType === undefined ? {} : { taskType } });

describe('fl:taskType', () => {
  it.each([
    ['fit allowed', c('isAnyOf', ['fl:fit', 'fl:evaluate']), round('fit'), 'true'],
    ['full IRI', c('isAnyOf', ['fl:fit']), round('https://w3id.org/kontor/fl/fit'), 'true'],
    ['evaluate only, fit asked', c('eq', 'fl:evaluate'), round('fl:fit'), 'false'],
    ['statistics allowed', c('isAnyOf', ['fl:fit', 'fl:evaluate', 'fl:statistics']), round('statistics'), 'true'],
    ['statistics not listed', c('isAnyOf', ['fl:fit', 'fl:evaluate']), round('statistics'), 'false'],
    ['unknown task asked', c('isAnyOf', ['fl:fit']), round('export-weights'), 'false'],
    ['no task named', c('isAnyOf', ['fl:fit']), round(), 'error'],
    ['deferred at negotiation', c('isAnyOf', ['fl:fit']), { scope: 'negotiation' as const }, 'deferred'],
    ['deferred at transfer', c('isAnyOf', ['fl:fit']), { scope: 'transfer' as const }, 'deferred'],
    ['not bound in catalog', c('isAnyOf', ['fl:fit']), { scope: 'catalog' as const }, 'unbound'],
  ] as const)('%s', (_n, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });
  it('rejects unknown task types at creation', () => {
    expect(validationOf(fn, c('isAnyOf', ['fl:fit', 'fl:exfiltrate']))).toHaveLength(1);
    expect(validationOf(fn, c('isAnyOf', ['fit', 'evaluate']))).toEqual([]);
    expect(validationOf(fn, c('isAnyOf', ['fl:fit', 'fl:evaluate', 'fl:statistics']))).toEqual([]);
  });
});
