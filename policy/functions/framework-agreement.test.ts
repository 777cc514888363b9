import { describe, expect, it } from 'vitest';
import { frameworkAgreementFunction as fn } from './framework-agreement.js';
import { agent, run, status, validationOf } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'cx-policy:FrameworkAgreement', operator, rightOperand });
const signed = agent({ frameworkAgreements: [{ name: 'DataExchangeGovernance', version: '1.0' }] });
const old = agent({ frameworkAgreements: [{ name: 'DataExchangeGovernance', version: '0.9' }] });

describe('FrameworkAgreement', () => {
  it.each([
    ['signed, right version', c('eq', 'DataExchangeGovernance:1.0'), signed, 'true'],
    ['signed, other version', c('eq', 'DataExchangeGovernance:1.0'), old, 'false'],
    ['name only: any version', c('eq', 'DataExchangeGovernance'), old, 'true'],
    ['not signed', c('eq', 'DataExchangeGovernance:1.0'), agent(), 'false'],
    ['isAnyOf versions', c('isAnyOf', ['DataExchangeGovernance:0.9', 'DataExchangeGovernance:1.0']), old, 'true'],
    ['neq', c('neq', 'DataExchangeGovernance:1.0'), old, 'true'],
    ['no agent', c('eq', 'DataExchangeGovernance:1.0'), undefined, 'error'],
  ] as const)('%s', (_n, json, a, expected) => {
    expect(status(fn, json, a ? { agent: a } : {})).toBe(expected);
  });

  it('says which agreements the participant holds', () => {
    expect(run(fn, c('eq', 'DataExchangeGovernance:1.0'), { agent: old })).toMatchObject({ actual: ['DataExchangeGovernance:0.9'] });
  });

  it('rejects values that are not Name:version', () => {
    expect(validationOf(fn, c('eq', 'Data Exchange'))).toHaveLength(1);
  });
});
