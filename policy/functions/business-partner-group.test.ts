import { describe, expect, it } from 'vitest';
import { businessPartnerGroupFunction as fn } from './business-partner-group.js';
import { agent, status } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'cx-policy:BusinessPartnerGroup', operator, rightOperand });
const gold = agent({ businessPartnerGroups: ['gold', 'eu'] });

describe('BusinessPartnerGroup', () => {
  it.each([
    ['isAnyOf hit', c('isAnyOf', ['gold', 'silver']), gold, 'true'],
    ['isAnyOf miss', c('isAnyOf', ['silver']), gold, 'false'],
    ['isAllOf', c('isAllOf', ['gold', 'eu']), gold, 'true'],
    ['isAllOf partial', c('isAllOf', ['gold', 'us']), gold, 'false'],
    ['isNoneOf', c('isNoneOf', ['blocked']), gold, 'true'],
    ['eq means member of', c('eq', 'eu'), gold, 'true'],
    ['no groups at all', c('isAnyOf', ['gold']), agent(), 'false'],
    ['no groups, isNoneOf', c('isNoneOf', ['blocked']), agent(), 'true'],
    ['no agent', c('isAnyOf', ['gold']), undefined, 'error'],
  ] as const)('%s', (_n, json, a, expected) => {
    expect(status(fn, json, a ? { agent: a } : {})).toBe(expected);
  });
});
