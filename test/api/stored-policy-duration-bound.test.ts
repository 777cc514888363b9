import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectorError, silentLogger } from '../../core/index.js';
import { createPolicyEngine, parsePolicy } from '../../policy/index.js';
import { transferPolicy } from '../../connector/transfer/transfer-policy.js';
import { allowedAgent, CONSUMER, PROVIDER } from '../helpers/provider-negotiation-harness.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { transferUnit, type TransferUnit } from '../helpers/transfer-unit.js';

/**
 * Policies stored before durations and offsets were bounded (about 1000 years) are never evaluated as they are: every
 * path from a store to the engine parses with the engine's validators (engine.parse), which refuse them naming the
 * constraint, so they fail closed with that reason. The engine itself, given such a policy past the validators,
 * denies too (never throws, never allows on an Invalid Date).
 */
const CX = { 'cx-policy': 'https://w3id.org/catenax/2025/9/policy/' };
const permit = (constraint: object) => ({ '@context': CX, '@type': 'Set', permission: [{ action: 'use', constraint: [constraint] }] });
const OUT_OF_BOUND = [
  permit({ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P300000000Y' }), // past the last Date: Invalid Date
  permit({ leftOperand: 'elapsedTime', operator: 'gt', rightOperand: 'P99999999999999999999D' }), // past Number's integers
  permit({ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P2000Y' }), // a valid Date, but past the bound
  permit({ leftOperand: 'cx-policy:DataUsageEndDurationDays', operator: 'eq', rightOperand: 1e9 }),
  permit({ leftOperand: 'cx-policy:DataProvisioningEndDurationDays', operator: 'eq', rightOperand: 1e12 }),
  { '@type': 'Set', permission: [{ action: 'use', duty: [{ action: 'delete', constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P300000000Y' }] }] }] },
];
const NOW = Date.UTC(2026, 0, 1);
const START = Date.UTC(2025, 0, 1);

describe('policies stored before the duration bound', () => {
  it('should be refused by engine.parse, naming the constraint as too long (every stored policy is parsed so before evaluation)', () => {
    const engine = createPolicyEngine();
    for (const json of OUT_OF_BOUND)
      expect(() => engine.parse(json), JSON.stringify(json)).toThrow(
        expect.objectContaining({ code: 'POLICY_INVALID', detail: expect.stringMatching(/\/rightOperand: .*is too long: at most 372000 days/) }),
      );
  });

  it('should deny, never throw or allow on an Invalid Date, when evaluated past the validators', () => {
    const engine = createPolicyEngine();
    const overflowing = OUT_OF_BOUND.filter((_, i) => i !== 2); // P2000Y is an ordinary date: it simply holds
    for (const json of overflowing) {
      const evaluation = engine.evaluate(parsePolicy(json), { scope: 'transfer', now: NOW, agreementStart: START, agent: allowedAgent });
      expect(evaluation.allowed, JSON.stringify(json)).toBe(false);
      expect(evaluation.problems.length).toBeGreaterThan(0);
    }
  });
});

describe('a stored out-of-bound policy in the connector', () => {
  let c: RunningConnector;
  beforeAll(async () => {
    c = await startConnector('sqlite');
  });
  afterAll(async () => c.stop());

  it('should be a 400 POLICY_INVALID naming the constraint when evaluated by id, and still be readable', async () => {
    for (const [i, policy] of OUT_OF_BOUND.entries()) await c.connector.stores.policies.create({ id: `old-${i}`, policy }); // bypasses the API's check
    for (const i of OUT_OF_BOUND.keys()) {
      const res = await c.api('/api/v1/policies/evaluate', { method: 'POST', json: { policyId: `old-${i}`, scope: 'transfer', context: { participantId: CONSUMER } } });
      const body = (await res.json()) as { code: string; detail: string };
      expect([res.status, body.code], `old-${i}`).toEqual([400, 'POLICY_INVALID']);
      expect(body.detail).toMatch(/is too long/);
      expect((await c.api(`/api/v1/policies/old-${i}`)).status).toBe(200);
      expect((await c.api(`/management/v3/policydefinitions/old-${i}`)).status).toBe(200);
    }
  });
});

describe('an agreement stored with an out-of-bound policy', () => {
  let unit: TransferUnit;
  afterEach(async () => unit.close());

  it('should refuse every transfer under it, naming the constraint, and take no use', async () => {
    unit = await transferUnit({ self: PROVIDER });
    const policy = transferPolicy({
      agreements: unit.stores.agreements,
      engine: createPolicyEngine(),
      clock: unit.clock,
      logger: silentLogger,
      participantId: PROVIDER,
      uses: unit.stores.transferUses,
    });
    for (const [i, terms] of OUT_OF_BOUND.entries()) {
      const id = `old-${i}`;
      await unit.stores.agreements.save({
        id,
        negotiationId: `n${i}`,
        assigner: PROVIDER,
        assignee: CONSUMER,
        assetId: 'asset-1',
        policy: terms,
        signedAt: unit.clock.now(),
        status: 'active',
      });
      const admitted = policy.admit({ agreementId: id, agent: allowedAgent, transferId: `t${i}`, transferType: 'HttpData-PULL' });
      await expect(admitted, id).rejects.toMatchObject({ code: 'POLICY_INVALID', detail: expect.stringMatching(/is too long/) } satisfies Partial<ConnectorError>);
      await expect(policy.check({ agreementId: id, agent: allowedAgent, useNumber: 1, transferType: 'HttpData-PULL' })).rejects.toMatchObject({ code: 'POLICY_INVALID' });
      expect(await unit.stores.transferUses.count(id)).toBe(0);
    }
  });
});
