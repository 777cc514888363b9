import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LooseJson } from '../helpers/loose-json.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

type Json = LooseJson;
const CONTEXT = ['https://w3id.org/dspace/2025/1/odrl-profile.jsonld', 'https://w3id.org/catenax/2025/9/policy/context.jsonld'];
const PARTNER = 'BPNL000000000001';
const DEG = { name: 'DataExchangeGovernance', version: '1.0' };
const member = { active: true };

/** Policies as Tractus-X users write them (bare Catena-X names under the two contexts), each stored through both APIs. */
const POLICIES: Record<string, Json> = {
  'member-deg': {
    permission: [
      {
        action: 'access',
        constraint: [
          {
            and: [
              { leftOperand: 'Membership', operator: 'eq', rightOperand: 'active' },
              { leftOperand: 'FrameworkAgreement', operator: 'eq', rightOperand: 'DataExchangeGovernance:1.0' },
            ],
          },
        ],
      },
    ],
  },
  bpn: { permission: [{ action: 'access', constraint: { leftOperand: 'BusinessPartnerNumber', operator: 'isAnyOf', rightOperand: [PARTNER] } }] },
  group: { permission: [{ action: 'access', constraint: { leftOperand: 'BusinessPartnerGroup', operator: 'isAnyOf', rightOperand: ['gold-customers'] } }] },
  usage: {
    permission: [
      {
        action: 'use',
        constraint: {
          and: [
            { leftOperand: 'FrameworkAgreement', operator: 'eq', rightOperand: 'DataExchangeGovernance:1.0' },
            { leftOperand: 'UsagePurpose', operator: 'isAnyOf', rightOperand: ['cx.pcf.base:1'] },
          ],
        },
      },
    ],
  },
  contract: { permission: [{ action: 'use', constraint: { leftOperand: 'ContractReference', operator: 'isAnyOf', rightOperand: ['frame-contract-4711'] } }] },
};

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
  for (const [id, rules] of Object.entries(POLICIES)) {
    const v3 = await c.api('/management/v3/policydefinitions', {
      method: 'POST',
      json: { '@context': [...CONTEXT, { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }], '@type': 'PolicyDefinition', '@id': `${id}-v3`, policy: { '@type': 'Set', ...rules } },
    });
    if (v3.status !== 200) throw new Error(`${id} via v3: ${v3.status} ${await v3.text()}`);
    const v1 = await c.api('/api/v1/policies', { method: 'POST', json: { id: `${id}-v1`, policy: { '@context': CONTEXT, '@type': 'Set', ...rules } } });
    if (v1.status !== 201) throw new Error(`${id} via v1: ${v1.status} ${await v1.text()}`);
  }
});
afterAll(async () => c.stop());

/** The engine's decision for a stored policy, through both APIs' copies; they must agree. */
async function allowed(id: string, scope: string, claims: Json, extra: Json = {}): Promise<boolean> {
  const outcomes: boolean[] = [];
  for (const copy of [`${id}-v3`, `${id}-v1`]) {
    const res = await c.api('/api/v1/policies/evaluate', {
      method: 'POST',
      json: { policyId: copy, scope, context: { participantId: 'did:web:consumer.example', claims: { credentialTypes: [], ...claims }, ...extra } },
    });
    expect(res.status, copy).toBe(200);
    outcomes.push(((await res.json()) as { allowed: boolean }).allowed);
  }
  expect(outcomes[0], `${id}: the v3 and v1 copies decide alike`).toBe(outcomes[1]);
  return outcomes[0] as boolean;
}

describe('Catena-X policies written as Tractus-X writes them are enforced', () => {
  it('should grant the Membership + FrameworkAgreement access policy in the catalog only to an active member holding the agreement', async () => {
    expect(await allowed('member-deg', 'catalog', { membership: member, frameworkAgreements: [DEG] })).toBe(true);
    expect(await allowed('member-deg', 'catalog', { membership: member })).toBe(false);
    expect(await allowed('member-deg', 'catalog', { membership: member, frameworkAgreements: [{ name: 'DataExchangeGovernance', version: '2.0' }] })).toBe(false);
    expect(await allowed('member-deg', 'catalog', { membership: { active: false }, frameworkAgreements: [DEG] })).toBe(false);
  });

  it('should keep an access permission to access: it grants no use in negotiation or transfer, while a use permission covers access', async () => {
    for (const scope of ['negotiation', 'transfer']) expect(await allowed('member-deg', scope, { membership: member, frameworkAgreements: [DEG] }), scope).toBe(false);
    expect(await allowed('contract', 'catalog', {}, { contractReferences: ['frame-contract-4711'] })).toBe(false);
    expect(await allowed('bpn', 'catalog', { businessPartnerNumber: PARTNER }, { action: 'https://w3id.org/catenax/policy/access' })).toBe(true);
  });

  it('should grant the BusinessPartnerNumber policy only to the partner named', async () => {
    expect(await allowed('bpn', 'catalog', { businessPartnerNumber: PARTNER })).toBe(true);
    expect(await allowed('bpn', 'catalog', { businessPartnerNumber: 'BPNL000000000002' })).toBe(false);
    expect(await allowed('bpn', 'catalog', {})).toBe(false);
  });

  it('should grant the BusinessPartnerGroup policy only to a member of the group', async () => {
    expect(await allowed('group', 'catalog', { businessPartnerNumber: PARTNER, businessPartnerGroups: ['gold-customers'] })).toBe(true);
    expect(await allowed('group', 'catalog', { businessPartnerNumber: PARTNER, businessPartnerGroups: ['silver-customers'] })).toBe(false);
    expect(await allowed('group', 'catalog', { businessPartnerNumber: PARTNER })).toBe(false);
  });

  it('should grant the usage policy in negotiation and transfer only for a purpose it names, to a holder of the agreement', async () => {
    for (const scope of ['negotiation', 'transfer']) {
      expect(await allowed('usage', scope, { frameworkAgreements: [DEG] }, { purpose: 'cx.pcf.base:1' }), scope).toBe(true);
      expect(await allowed('usage', scope, { frameworkAgreements: [DEG] }, { purpose: 'cx.quality.base:1' }), scope).toBe(false);
      expect(await allowed('usage', scope, {}, { purpose: 'cx.pcf.base:1' }), scope).toBe(false);
    }
    // DSP carries no declared purpose: a negotiation without one agrees on the purpose and defers its check (listed), each transfer checks it.
    expect(await allowed('usage', 'transfer', { frameworkAgreements: [DEG] })).toBe(false);
    const res = await c.api('/api/v1/policies/evaluate', {
      method: 'POST',
      json: { policyId: 'usage-v1', scope: 'negotiation', context: { participantId: 'did:web:consumer.example', claims: { credentialTypes: [], frameworkAgreements: [DEG] } } },
    });
    const negotiation = (await res.json()) as { allowed: boolean; deferred: { constraint?: string; message?: string }[] };
    expect(negotiation.allowed).toBe(true);
    expect(JSON.stringify(negotiation.deferred)).toMatch(/UsagePurpose/);
  });

  it('should grant the ContractReference policy only when the request names the contract', async () => {
    expect(await allowed('contract', 'negotiation', {}, { contractReferences: ['frame-contract-4711'] })).toBe(true);
    expect(await allowed('contract', 'negotiation', {}, { contractReferences: ['another-contract'] })).toBe(false);
    expect(await allowed('contract', 'negotiation', {})).toBe(false);
  });

  it('should read an inline Tractus-X policy on /policies/validate and /policies/evaluate as /policies stores it', async () => {
    const policy = { '@context': CONTEXT, '@type': 'Set', ...POLICIES.bpn };
    const valid = await c.api('/api/v1/policies/validate', { method: 'POST', json: { policy } });
    expect(valid.status).toBe(200);
    expect(await valid.json()).toEqual({ valid: true, problems: [], warnings: [] });
    const decide = async (bpn: string) => {
      const res = await c.api('/api/v1/policies/evaluate', {
        method: 'POST',
        json: { policy, scope: 'catalog', context: { participantId: 'did:web:consumer.example', claims: { businessPartnerNumber: bpn } } },
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { allowed: boolean }).allowed;
    };
    expect(await decide(PARTNER)).toBe(true);
    expect(await decide('BPNL000000000002')).toBe(false);
  });
});
