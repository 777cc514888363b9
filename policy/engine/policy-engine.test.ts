import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPolicyEngine, type EvaluationContext, type ParticipantAgent } from '../index.js';

const example = (name: string): unknown => JSON.parse(readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8'));
const engine = createPolicyEngine();
const NOW = '2026-06-15T12:00:00Z';
const member: ParticipantAgent = {
  id: 'did:web:consumer.example',
  claims: {
    credentialTypes: ['MembershipCredential'],
    membership: { active: true },
    businessPartnerNumber: 'BPNL00000000CRHK',
    frameworkAgreements: [{ name: 'DataExchangeGovernance', version: '1.0' }],
  },
};

describe('policy engine: Catena-X usage offer', () => {
  const policy = engine.parse(example('catena-x-usage-offer.json'));
  const ctx = (over: Partial<EvaluationContext> = {}): EvaluationContext => ({
    scope: 'negotiation',
    now: NOW,
    agent: member,
    purpose: 'cx.pcf.base:1',
    contractReferences: ['contract-2026-017'],
    ...over,
  });

  it('allows a member with the framework agreement, a listed purpose and the contract reference', () => {
    expect(engine.evaluate(policy, ctx())).toEqual({ allowed: true, problems: [], obligations: [], deferred: [] });
  });

  it('enforces UsagePurpose and names the failing constraint and the value it saw', () => {
    const r = engine.evaluate(policy, ctx({ purpose: 'cx.puris.base:1' }));
    expect(r.allowed).toBe(false);
    expect(r.problems).toEqual([
      expect.objectContaining({
        path: '/permission/0/constraint/0/and/2',
        constraint: 'cx-policy:UsagePurpose isAnyOf ["cx.pcf.base:1","cx.quality.base:1"]',
        actual: 'cx.puris.base:1',
        expected: ['cx.pcf.base:1', 'cx.quality.base:1'],
      }),
    ]);
  });

  it('denies a participant without the framework agreement, naming every failing constraint', () => {
    const outsider = { id: 'did:web:x', claims: { credentialTypes: [] } };
    const r = engine.evaluate(policy, ctx({ agent: outsider }));
    expect(r.problems.map((p) => p.path)).toEqual(['/permission/0/constraint/0/and/0', '/permission/0/constraint/0/and/1']);
    expect(r.problems[1]).toMatchObject({ actual: 'inactive', expected: 'active' });
  });

  it('the prohibition on affiliates in North America denies when such an affiliate is reached', () => {
    const r = engine.evaluate(policy, ctx({ affiliates: [{ bpnl: 'BPNL000000000002', region: 'cx.region.northAmerica:1' }] }));
    expect(r.allowed).toBe(false);
    expect(r.problems[0]).toMatchObject({ path: '/prohibition/0', message: expect.stringMatching(/prohibited/) });
    expect(r.problems[1]).toMatchObject({ path: '/prohibition/0/constraint/0', actual: ['cx.region.northAmerica:1'] });
  });

  it('stops usage after DataUsageEndDurationDays', () => {
    const r = engine.evaluate(policy, ctx({ scope: 'transfer', agreementStart: '2025-01-01T00:00:00Z' }));
    expect(r.problems).toEqual([expect.objectContaining({ path: '/permission/0/constraint/0/and/4' })]);
  });
});

describe('policy engine: Catena-X access policy in catalog scope', () => {
  const policy = engine.parse(example('catena-x-access-policy.json'));
  it('lets a listed member see the offer', () => {
    expect(engine.evaluate(policy, { scope: 'catalog', now: NOW, agent: member }).allowed).toBe(true);
  });
  it('hides it from an unlisted BPN', () => {
    const other = { ...member, claims: { ...member.claims, businessPartnerNumber: 'BPNL000000000099' } };
    expect(engine.evaluate(policy, { scope: 'catalog', now: NOW, agent: other }).problems[0]).toMatchObject({ actual: 'BPNL000000000099' });
  });
  it('an access permission does not grant use', () => {
    const r = engine.evaluate(policy, { scope: 'transfer', now: NOW, agent: member });
    expect(r).toMatchObject({ allowed: false, problems: [{ path: '/permission', message: "no permission grants 'use'" }] });
  });
});

describe('policy engine: federated-training offer', () => {
  const policy = engine.parse(example('federated-training-offer.json'));
  const coordinator: ParticipantAgent = { id: 'did:web:coordinator.example', claims: { credentialTypes: [] } };
  const training = {
    taskType: 'fit',
    planHash: 'sha256:9f2c4e1a7b3d5c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a',
    localEpochs: 3,
    sampleCount: 64,
    clipNorm: 1,
    noiseMultiplier: 0.8,
  };
  const round = (over: Partial<EvaluationContext> = {}): EvaluationContext => ({
    scope: 'training.round',
    now: '2026-12-10T09:00:00Z',
    agent: coordinator,
    purpose: 'purpose:federated-training',
    agreementStart: '2026-12-01T00:00:00Z',
    roundCount: 4,
    training,
    anchors: { 'fl:aggregationDone': '2026-12-10T08:30:00Z' },
    ...over,
  });

  it('at negotiation: allowed, with every per-round term listed as deferred', () => {
    const r = engine.evaluate(policy, { scope: 'negotiation', now: '2026-11-20T00:00:00Z', agent: coordinator, purpose: 'purpose:federated-training' });
    expect(r.allowed).toBe(true);
    expect(r.problems).toEqual([]);
    expect(r.deferred.map((d) => d.path)).toEqual([
      '/permission/0/action/0/refinement/0',
      '/permission/0/constraint/0/and/1',
      ...[4, 5, 6, 7, 8].map((i) => `/permission/0/constraint/0/and/${i}`),
    ]);
  });

  it('a round within all bounds is allowed, with duties and deadlines', () => {
    const r = engine.evaluate(policy, round());
    expect(r.allowed).toBe(true);
    expect(r.obligations.map((o) => [o.kind, o.action, o.deadline])).toEqual([
      ['duty', 'inform', undefined],
      ['obligation', 'delete', '2026-12-10T09:30:00.000Z'],
      ['obligation', 'delete', '2027-06-01T00:00:00.000Z'],
      ['obligation', 'delete', '2026-12-02T00:00:00.000Z'],
    ]);
    expect(r.obligations[1]).toMatchObject({
      assignee: 'did:web:coordinator.example',
      target: 'urn:artifact-class:per-site-updates',
      consequences: [{ action: 'inform', informedParty: 'did:web:site-a.example' }],
    });
  });

  it('a missing anchor leaves the deadline open and says why', () => {
    const r = engine.evaluate(policy, round({ anchors: {} }));
    expect(r.obligations[1]).toMatchObject({ deadlineBasis: 'PT1H after fl:aggregationDone, which has not happened yet' });
    expect(r.obligations[1]?.deadline).toBeUndefined();
  });

  it.each([
    ['looser clipping', { clipNorm: 1.5 }, '/permission/0/constraint/0/and/7', 1.5],
    ['less noise', { noiseMultiplier: 0.1 }, '/permission/0/constraint/0/and/8', 0.1],
    ['too few samples', { sampleCount: 10 }, '/permission/0/constraint/0/and/6', 10],
    ['another plan', { planHash: 'sha256:00' }, '/permission/0/constraint/0/and/4', 'sha256:00'],
    ['a task that is not allowed', { taskType: 'export' }, '/permission/0/action/0/refinement/0', 'fl:export'],
  ])('denies %s naming the constraint', (_n, facts, path, actual) => {
    const r = engine.evaluate(policy, round({ training: { ...training, ...facts } }));
    expect(r.allowed).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ path, actual })]);
    expect(r.obligations).toEqual([]);
  });

  it('denies round 51 and the wrong recipient', () => {
    expect(engine.evaluate(policy, round({ roundCount: 50 })).problems[0]).toMatchObject({ path: '/permission/0/constraint/0/and/3', actual: 51, expected: 50 });
    expect(engine.evaluate(policy, round({ recipient: 'did:web:evil.example' })).problems[0]).toMatchObject({ actual: 'did:web:evil.example' });
  });

  it('a narrower purpose than agreed is fine, a broader one is not', () => {
    const broader = engine.evaluate(policy, round({ purpose: 'purpose:research' }));
    expect(broader.problems[0]).toMatchObject({ path: '/permission/0/constraint/0/and/0', actual: 'purpose:research' });
  });
});
