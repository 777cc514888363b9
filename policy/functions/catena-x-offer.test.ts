import { describe, expect, it } from 'vitest';
import { createPolicyEngine, type EvaluationContext } from '../index.js';

/** A real-world Catena-X usage offer with every CX-0152 term: created, and evaluated without silent passes. */
const c = (leftOperand: string, operator: string, rightOperand: unknown) => ({ leftOperand: `cx-policy:${leftOperand}`, operator, rightOperand });
const OFFER = {
  '@type': 'Offer',
  permission: [
    {
      action: 'use',
      constraint: [
        {
          and: [
            c('FrameworkAgreement', 'eq', 'DataExchangeGovernance:1.0'),
            c('Membership', 'eq', 'active'),
            c('UsagePurpose', 'isAnyOf', ['cx.pcf.base:1']),
            c('DataFrequency', 'eq', 'cx.dataFrequency.unlimited:1'),
            c('VersionChanges', 'eq', 'cx.versionChanges.minor:1'),
            c('ContractTermination', 'eq', 'cx.data.deletion:1'),
            c('ConfidentialInformationMeasures', 'eq', 'cx.confidentiality.measures:1'),
            c('ConfidentialInformationSharing', 'isAnyOf', ['cx.sharing.affiliates:1']),
            c('ExclusiveUsage', 'eq', 'cx.exclusiveUsage.dataConsumer:1'),
            c('Warranty', 'eq', 'cx.warranty.none:1'),
            c('WarrantyDurationMonths', 'eq', 12),
            c('Liability', 'eq', 'cx.grossNegligence:1'),
            c('JurisdictionLocation', 'eq', 'Munich'),
            c('Precedence', 'eq', 'cx.precedence.contractReference:1'),
            c('DataUsageEndDurationDays', 'eq', 365),
          ],
        },
      ],
    },
  ],
  prohibition: [{ action: 'use', constraint: [c('UsageRestriction', 'isAllOf', ['cx.thirdParty.forbidden:1', 'cx.manipulation.forbidden:1'])] }],
  obligation: [{ action: 'use', constraint: [c('DataProvisioningEndDurationDays', 'eq', 365)] }],
};
const ctx = (over: Partial<EvaluationContext> = {}): EvaluationContext => ({
  scope: 'transfer',
  now: '2026-06-15T12:00:00Z',
  agreementStart: '2026-06-01T00:00:00Z',
  purpose: 'cx.pcf.base:1',
  agent: {
    id: 'did:web:oem.example',
    claims: {
      credentialTypes: [],
      membership: { active: true },
      businessPartnerNumber: 'BPNL000000000001',
      frameworkAgreements: [{ name: 'DataExchangeGovernance', version: '1.0' }],
    },
  },
  ...over,
});

describe('a full Catena-X usage offer', () => {
  const engine = createPolicyEngine();

  it('is accepted at creation', () => {
    expect(engine.validate(OFFER)).toEqual({ valid: true, problems: [] });
  });

  it('is allowed, listing every contract term as deferred and the provisioning obligation', () => {
    const r = engine.evaluate(engine.parse(OFFER), ctx());
    expect(r.allowed).toBe(true);
    const deferred = r.deferred.map((d) => d.constraint.split(' ')[0]);
    expect(deferred).toEqual(expect.arrayContaining(['cx-policy:ContractTermination', 'cx-policy:Warranty', 'cx-policy:Liability', 'cx-policy:UsageRestriction']));
    expect(deferred).not.toContain('cx-policy:ExclusiveUsage');
    expect(r.obligations.map((o) => o.constraints)).toEqual([['cx-policy:DataProvisioningEndDurationDays eq 365']]);
  });

  it('denies distributing the data and a third-party recipient, naming the restriction', () => {
    const distribute = engine.evaluate(engine.parse(OFFER), ctx({ action: 'distribute' }));
    expect(distribute.allowed).toBe(false);
    expect(distribute.problems.map((p) => p.path)).toContain('/prohibition/0/constraint/0');
    const other = engine.evaluate(engine.parse(OFFER), ctx({ recipient: 'did:web:someone-else.example' }));
    expect(other.allowed).toBe(false);
    expect(other.problems.map((p) => p.constraint.split(' ')[0])).toEqual(expect.arrayContaining(['cx-policy:UsageRestriction']));
  });

  it('refuses a contract term with a value outside its vocabulary, naming the pointer', () => {
    const bad = { ...OFFER, permission: [{ action: 'use', constraint: [c('Liability', 'eq', 'cx.noLiability:1')] }] };
    expect(engine.validate(bad).problems.map((p) => p.pointer)).toEqual(['/permission/0/constraint/0/rightOperand']);
  });
});
