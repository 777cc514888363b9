import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { createPolicyEngine, type Policy } from '../../policy/index.js';
import type { AuditEntry } from '../audit/index.js';
import type { Training } from '../training/training.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import { auditMetrics } from './audit-metrics.js';
import { createConnectorMetrics } from './connector-metrics.js';
import { countTraining } from './event-metrics.js';
import { instrumentPeerAuth } from './instrumented-peer-auth.js';
import { instrumentPolicyEngine } from './instrumented-policy-engine.js';

const value = async (m: { get(): Promise<{ values: { value: number; labels: Record<string, unknown> }[] }> }, labels: Record<string, string> = {}) =>
  (await m.get()).values.filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x)).reduce((sum, v) => sum + v.value, 0);

describe('the metric hooks', () => {
  it("should count completed rounds and final states of a coordinator's training", async () => {
    const m = createConnectorMetrics(new Registry());
    const t = (state: string, currentRound: number, ends: number[]) =>
      ({ state, currentRound, stateTimestamp: 1_000, metrics: ends.map((at, i) => ({ round: i + 1, at })) }) as unknown as Training;
    countTraining(m, t('RUNNING', 0, []), t('RUNNING', 1, [3_000]));
    countTraining(m, t('RUNNING', 1, [3_000]), t('RUNNING', 1, [3_000]));
    countTraining(m, t('RUNNING', 1, [3_000]), t('COMPLETED', 2, [3_000, 3_500]));
    expect(await value(m.trainingRounds)).toBe(2);
    const durations = (await m.trainingRoundDuration.get()).values;
    expect(durations.find((v) => v.metricName === 'kontor_training_round_duration_seconds_sum')?.value).toBe(2.5);
    expect(durations.find((v) => v.metricName === 'kontor_training_round_duration_seconds_count')?.value).toBe(2);
    expect(await value(m.trainingsFinished, { state: 'COMPLETED' })).toBe(1);
  });

  it('should read deletions, missed deadlines, escalations and monitor endings off the audit log', async () => {
    const m = createConnectorMetrics(new Registry());
    const hear = auditMetrics(m);
    const entry = (type: AuditEntry['type'], actor: string, data: AuditEntry['data']) => ({ seq: 1, at: '', type, actor, data, prevHash: '', hash: '' }) as AuditEntry;
    hear(entry('deletion', 'did:web:c', { duty: 'd1', training: 't1', method: 'crypto-shred', artifacts: [] }));
    hear(entry('deletion', 'did:web:c', { receipt: {}, sentTo: 'did:web:s' }));
    hear(entry('deletion', 'did:web:c', { receipt: {}, receivedFrom: 'did:web:c' }));
    hear(entry('usage.duty', 'did:web:c', { event: 'deadline missed' }));
    hear(entry('usage.escalation', 'did:web:s', { step: 'inform' }));
    hear(entry('policy.decision', 'policy-monitor', { decision: 'deny' }));
    hear(entry('negotiation', 'did:web:x', {}));
    expect([await value(m.deletions, { direction: 'performed' }), await value(m.deletions, { direction: 'received' })]).toEqual([1, 1]);
    expect(await value(m.deletionDutiesMissed)).toBe(1);
    expect(await value(m.usageEscalations, { step: 'inform' })).toBe(1);
    expect(await value(m.monitorEnded)).toBe(1);
  });

  it('should count policy decisions by scope and outcome, through evaluate and compiled policies alike', async () => {
    const m = createConnectorMetrics(new Registry());
    const engine = instrumentPolicyEngine(createPolicyEngine(), m);
    const policy = engine.parse({
      '@type': 'Set',
      permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'https://w3id.org/kontor/purpose/research' }] }],
    }) as Policy;
    engine.evaluate(policy, { scope: 'negotiation', now: 0, purpose: 'https://w3id.org/kontor/purpose/research' } as never);
    engine.compile(policy).evaluate({ scope: 'transfer', now: 0 });
    expect(await value(m.policyDecisions, { scope: 'negotiation', outcome: 'permit' })).toBe(1);
    expect(await value(m.policyDecisions, { scope: 'transfer', outcome: 'deny' })).toBe(1);
  });

  it('should count authentications by outcome and keep everything else of the identity as it is', async () => {
    const m = createConnectorMetrics(new Registry());
    const inner: PeerAuth = {
      participantId: 'did:web:me',
      authenticate: async (h) => (h === 'good' ? ({ id: 'did:web:peer' } as never) : Promise.reject(new ConnectorError('UNAUTHORIZED'))),
      tokenFor: async (aud) => `token for ${aud}`,
    };
    const auth = instrumentPeerAuth(inner, m);
    await auth.authenticate('good');
    await expect(auth.authenticate('bad')).rejects.toThrow();
    expect([auth.participantId, await auth.tokenFor('did:web:x')]).toEqual(['did:web:me', 'token for did:web:x']);
    expect(await value(m.identityVerifications, { outcome: 'verified' })).toBe(1);
    expect(await value(m.identityVerifications, { outcome: 'rejected', code: 'UNAUTHORIZED' })).toBe(1);
  });
});
