import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import type { PolicyDefinition, PolicyDefinitionStore } from '../../catalog/index.js';
import { FixedClock } from '../../core/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { openApiDocument } from '../api/openapi-document.js';
import { policyEvaluationRoutes } from '../api/routes/policy-evaluation-routes.js';
import { RequestValidator } from '../http/request-validator.js';
import { toParticipantAgent } from '../identity/participant-claims.js';
import { catalogVisibility } from './catalog-visibility.js';
import { hiddenOfferEntry, type HiddenOffers } from './hidden-offers.js';

/**
 * The `reproduce` body of a catalog denial, made from the claims a DCP requester really has (as the identity layer
 * derives them from verified credentials), goes through the real request validator and evaluate route as is and
 * gives the same verdict.
 */
const HOLDER = 'did:web:consumer.example';
const credentials = [
  {
    type: ['VerifiableCredential', 'MembershipCredential'],
    issuer: { id: 'did:web:issuer.example' },
    credentialSubject: { id: HOLDER, memberSince: '2024-01-01T00:00:00Z', holderIdentifier: 'BPNL000000000001' },
  },
  {
    type: ['VerifiableCredential', 'BpnCredential'],
    issuer: 'did:web:issuer.example',
    credentialSubject: { id: HOLDER, businessPartnerNumber: 'BPNL000000000001', legalName: 'Consumer AG', businessPartnerGroups: ['tier-1'], roles: ['buyer'] },
  },
  {
    type: ['VerifiableCredential', 'DataExchangeGovernanceCredential'],
    issuer: 'did:web:issuer.example',
    credentialSubject: { id: HOLDER, contractVersion: '1.0' },
  },
];

const constraint = (leftOperand: string, rightOperand: string) => ({ leftOperand, operator: 'eq', rightOperand });
const accessPolicy: PolicyDefinition = {
  id: 'members-of-another-bpn',
  createdAt: 0,
  updatedAt: 0,
  version: 3,
  policy: {
    '@type': 'Set',
    permission: [
      {
        action: 'use',
        constraint: [constraint('https://w3id.org/catenax/2025/9/policy/Membership', 'active'), constraint('kontor:businessPartnerNumber', 'BPNL00000000000B')],
      },
    ],
  },
};

describe('the reproduce body of a catalog denial', () => {
  it('should be taken as is by POST /api/v1/policies/evaluate and give the same verdict', async () => {
    const agent = toParticipantAgent(HOLDER, credentials);
    // The claims as the verifier produces them, issuer of the membership included.
    expect(agent.claims.membership).toEqual({ active: true, since: '2024-01-01T00:00:00Z', issuer: 'did:web:issuer.example' });

    const engine = createPolicyEngine();
    const clock = new FixedClock();
    const reports: HiddenOffers[] = [];
    expect(catalogVisibility(engine, clock, (r) => reports.push(r))(accessPolicy, agent)).toBe(false);
    const [report] = reports;
    if (!report) throw new Error('the denial was not reported');
    // What the audit log keeps (JSON), read back.
    const entry = JSON.parse(JSON.stringify(hiddenOfferEntry(report).data)) as { reproduce: unknown; reasons: string[] };

    const store = { getById: async (id: string) => (id === accessPolicy.id ? accessPolicy : Promise.reject(new Error(`no policy ${id}`))) } as unknown as PolicyDefinitionStore;
    const routes = policyEvaluationRoutes({ engine, store, validator: new RequestValidator(openApiDocument), clock: new FixedClock(0) });
    const evaluate = routes.find((r) => r.path === '/api/v1/policies/evaluate');
    let verdict: unknown;
    const res = { json: (body: unknown) => (verdict = body) } as unknown as Response;
    await evaluate?.handler({ body: entry.reproduce } as Request, res, () => undefined);
    expect(verdict).toMatchObject({ allowed: false });
    expect((verdict as { problems: { message: string }[] }).problems.map((p) => p.message)).toEqual(entry.reasons);
    expect(entry.reasons).toEqual([expect.stringMatching(/BPNL00000000000B/)]);
  });
});
