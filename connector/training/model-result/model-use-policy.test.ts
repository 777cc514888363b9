import { describe, expect, it } from 'vitest';
import { createDefaultPolicyEngine, findPolicyTemplate } from '../../../policy/index.js';
import { trainingPolicy } from '../../dataspace/training-offer.js';
import type { ContractAgreement } from '../../negotiation/agreement/contract-agreement.js';
import { penguinPlan } from '../backend/baselines.js';
import { decideModelUse, grantsExport } from './model-use-policy.js';

const engine = createDefaultPolicyEngine();
const COORDINATOR = 'did:web:coordinator.example';
const PURPOSE = 'https://w3id.org/kontor/purpose/federated-training';
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const T0 = Date.parse('2027-01-01T00:00:00Z');

function agreementWith(policy: Record<string, unknown>, status: ContractAgreement['status'] = 'active'): ContractAgreement {
  return { id: 'urn:uuid:a', negotiationId: 'n', assigner: 'did:web:site.example', assignee: COORDINATOR, assetId: 'penguins-biscoe', policy, signedAt: T0, status };
}
const withExtra = (tasks: string[], ...extra: Record<string, unknown>[]) => {
  const p = trainingPolicy(plan, 4, COORDINATOR, 'PT1H', 20, tasks) as { permission: { constraint: { and: unknown[] }[] }[] };
  p.permission[0]?.constraint[0]?.and.push(...extra);
  return p as unknown as Record<string, unknown>;
};
const decide = (policy: Record<string, unknown>, over: Partial<Parameters<typeof decideModelUse>[0]> = {}) => {
  const agreement = agreementWith(policy);
  return decideModelUse({ engine, agreement, policy: engine.parse(policy), action: 'predict', purpose: PURPOSE, now: T0 + 1000, self: COORDINATOR, usageCount: 0, ...over });
};

describe('grantsExport (the fl:exportModel term)', () => {
  it('should find fl:exportModel in a constraint, an action refinement, by compact or full IRI, and only with eq / isAnyOf', () => {
    expect(grantsExport(withExtra(['fl:fit', 'fl:evaluate', 'fl:exportModel']))).toBe(true);
    expect(grantsExport(withExtra(['fl:fit', 'fl:evaluate']))).toBe(false);
    const refined = {
      permission: [
        {
          action: [{ action: 'use', refinement: [{ leftOperand: 'https://w3id.org/kontor/fl/taskType', operator: 'eq', rightOperand: 'https://w3id.org/kontor/fl/exportModel' }] }],
        },
      ],
    };
    expect(grantsExport(refined)).toBe(true);
    expect(grantsExport({ permission: [{ action: 'use', constraint: [{ leftOperand: 'fl:taskType', operator: 'isNoneOf', rightOperand: ['fl:exportModel'] }] }] })).toBe(false);
  });

  it('should come from the federated-training template with allowModelExport, and only then', () => {
    const params = { planHash: `sha256:${'ab'.repeat(32)}`, coordinator: COORDINATOR, maxRounds: 5 };
    const template = findPolicyTemplate('federated-training-offer');
    expect(grantsExport(template.instantiate({ ...params, allowModelExport: true }))).toBe(true);
    expect(grantsExport(template.instantiate(params))).toBe(false);
    expect(engine.validate(template.instantiate({ ...params, allowModelExport: true })).problems).toEqual([]);
  });

  it('should be accepted by the policy engine as a task type', () => {
    expect(engine.validate(withExtra(['fl:fit', 'fl:evaluate', 'fl:exportModel'])).problems).toEqual([]);
  });
});

describe('decideModelUse', () => {
  it('should allow predictions under the agreed purpose (the training-round terms deferred) and deny another purpose, naming it', () => {
    expect(decide(withExtra(['fl:fit', 'fl:evaluate']))).toEqual({ allowed: true });
    const other = decide(withExtra(['fl:fit', 'fl:evaluate']), { purpose: 'https://w3id.org/kontor/purpose/marketing' });
    expect(other.allowed).toBe(false);
    expect(!other.allowed && other.reason).toMatch(/purpose/);
  });

  it('should deny after the time window and past a use count', () => {
    const window = withExtra(['fl:fit'], { leftOperand: 'dateTime', operator: 'lteq', rightOperand: { '@value': '2027-01-02T00:00:00Z', '@type': 'xsd:dateTime' } });
    expect(decide(window).allowed).toBe(true);
    expect(decide(window, { now: Date.parse('2027-01-03T00:00:00Z') }).allowed).toBe(false);
    const counted = withExtra(['fl:fit'], { leftOperand: 'count', operator: 'lteq', rightOperand: 2 });
    expect(decide(counted, { usageCount: 1 }).allowed).toBe(true);
    expect(decide(counted, { usageCount: 2 }).allowed).toBe(false);
  });

  it('should deny export without fl:exportModel, and any use under a revoked agreement', () => {
    const plain = withExtra(['fl:fit', 'fl:evaluate']);
    const denied = decide(plain, { action: 'export' });
    expect(!denied.allowed && denied.reason).toMatch(/fl:exportModel/);
    expect(decide(withExtra(['fl:fit', 'fl:evaluate', 'fl:exportModel']), { action: 'export' })).toEqual({ allowed: true });
    const revoked = decideModelUse({
      engine,
      agreement: agreementWith(plain, 'revoked'),
      policy: engine.parse(plain),
      action: 'predict',
      purpose: PURPOSE,
      now: T0,
      self: COORDINATOR,
      usageCount: 0,
    });
    expect(revoked).toEqual({ allowed: false, reason: 'the agreement is revoked' });
  });
});
