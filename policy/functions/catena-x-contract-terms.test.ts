import { describe, expect, it } from 'vitest';
import { CATENA_X_CONTRACT_TERMS } from './catena-x-contract-terms.js';
import { run, status, validationOf } from './function-test-kit.js';

const def = (local: string) => {
  const d = CATENA_X_CONTRACT_TERMS.find((x) => x.leftOperands[0]?.endsWith(`/${local}`));
  if (!d) throw new Error(local);
  return d;
};
const c = (local: string, rightOperand: unknown, operator = 'eq') => ({ leftOperand: `cx-policy:${local}`, operator, rightOperand });

describe('Catena-X contract terms (deferred, validated at creation)', () => {
  it.each([
    ['DataFrequency', 'cx.dataFrequency.once:1', 'eq', 'supplies the data once'],
    ['VersionChanges', 'cx.versionChanges.minor:1', 'eq', 'minor changes'],
    ['ContractTermination', 'cx.data.deletion:1', 'eq', 'must delete the data'],
    ['ConfidentialInformationMeasures', 'cx.confidentiality.measures:1', 'eq', 'confidential information'],
    ['ConfidentialInformationSharing', ['cx.sharing.affiliates:1'], 'isAnyOf', 'only with affiliates'],
    ['Warranty', 'cx.warranty.none:1', 'eq', 'no warranty'],
    ['WarrantyDefinition', 'cx.warranty.contractEndDate:1', 'eq', 'until the contract ends'],
    ['WarrantyDurationMonths', '12', 'eq', '12 months'],
    ['Liability', 'cx.grossNegligence:1', 'eq', 'gross negligence'],
    ['JurisdictionLocation', 'Munich', 'eq', 'jurisdiction is Munich'],
    ['JurisdictionLocationReference', 'cx.location.dataConsumer:1', 'eq', "consumer's seat"],
    ['Precedence', 'cx.precedence.contractReference:1', 'eq', 'takes precedence'],
  ] as const)('%s %s is deferred with its meaning, and valid at creation', (local, right, op, meaning) => {
    const json = c(local, right, op);
    expect(validationOf(def(local), json)).toEqual([]);
    const v = run(def(local), json);
    expect(v).toMatchObject({ status: 'deferred' });
    expect(typeof v === 'object' && 'message' in v ? v.message : '').toContain(meaning);
    expect(status(def(local), json, { scope: 'negotiation' })).toBe('deferred');
    expect(status(def(local), json, { scope: 'catalog' })).toBe('unbound');
  });

  it.each([
    ['DataFrequency', 'cx.dataFrequency.sometimes:1', 'eq'],
    ['Warranty', 'cx.warranty.none:1', 'neq'],
    ['WarrantyDurationMonths', 'a year', 'eq'],
    ['Liability', ['cx.grossNegligence:1', 'cx.slightNegligence:1'], 'eq'],
    ['ConfidentialInformationSharing', ['cx.sharing.everyone:1'], 'isAnyOf'],
  ] as const)('%s refuses %j at creation and errors at evaluation', (local, right, op) => {
    const json = c(local, right, op);
    expect(validationOf(def(local), json).length).toBeGreaterThan(0);
    expect(status(def(local), json)).toBe('error');
  });
});
