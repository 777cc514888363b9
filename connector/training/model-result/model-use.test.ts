import { describe, expect, it } from 'vitest';
import { ConnectorError, FixedClock } from '../../../core/index.js';
import { createDefaultPolicyEngine } from '../../../policy/index.js';
import { AuditLog, MemoryAuditStore } from '../../audit/index.js';
import { trainingPolicy } from '../../dataspace/training-offer.js';
import type { ContractAgreement } from '../../negotiation/index.js';
import { penguinPlan } from '../backend/baselines.js';
import type { TrainingHead } from '../training.js';
import { planHash } from '../training-plan.js';
import { paramsHash } from './model-file.js';
import type { ModelUseLedger } from './model-use-ledger.js';
import { modelUse } from './model-use.js';

const COORDINATOR = 'did:web:coordinator.example';
const PURPOSE = 'https://w3id.org/kontor/purpose/federated-training';
const ROW = { 'Beak Length (mm)': 39.1, 'Beak Depth (mm)': 18.7, 'Flipper Length (mm)': 181, 'Body Mass (g)': 3750 };
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const clock = new FixedClock(Date.parse('2027-01-01T00:00:00Z'));

/** A completed training under two sites' agreements; `exportTasks` lists the agreements that grant fl:exportModel. */
function setup(exportGranted: string[]) {
  const agreements = new Map<string, ContractAgreement>(
    ['urn:uuid:a1', 'urn:uuid:a2'].map((id) => [
      id,
      {
        id,
        negotiationId: `n-${id}`,
        assigner: `did:web:site-${id.slice(-2)}.example`,
        assignee: COORDINATOR,
        assetId: 'penguins',
        policy: trainingPolicy(plan, 4, COORDINATOR, 'PT1H', 20, ['fl:fit', 'fl:evaluate', ...(exportGranted.includes(id) ? ['fl:exportModel'] : [])]),
        signedAt: clock.now(),
        status: 'active',
      } as ContractAgreement,
    ]),
  );
  const now = clock.now();
  const training = {
    id: 'urn:uuid:t1',
    state: 'COMPLETED',
    stateCount: 1,
    stateTimestamp: now,
    nextAttemptAt: now,
    pending: false,
    version: 0,
    createdAt: now,
    updatedAt: now,
    purpose: PURPOSE,
    plan,
    planHash: planHash(plan),
    rounds: 1,
    currentRound: 1,
    minSites: 2,
    roundTimeoutMs: 1000,
    sites: [...agreements.keys()].map((a) => ({ agreementId: a, siteDid: `did:web:site-${a.slice(-2)}.example`, status: 'active' as const })),
    global: Array.from({ length: 15 }, (_, i) => (i % 4) / 10 + 0.0123456789),
    rejected: [],
  } as unknown as TrainingHead;
  const audit = new AuditLog(new MemoryAuditStore(), clock);
  const counts = new Map<string, number>();
  const ledger: ModelUseLedger = {
    async decide(ids, decide) {
      const d = decide(counts);
      if (d.counted) for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
      await audit.appendAll(d.audit);
      return d.result;
    },
    count: async (id) => counts.get(id) ?? 0,
  };
  const use = modelUse({
    trainings: { findHeadById: async (id) => (id === training.id ? training : undefined) },
    agreements: { findById: async (id: string) => agreements.get(id) } as never,
    engine: createDefaultPolicyEngine(),
    audit,
    ledger,
    clock,
    self: COORDINATOR,
    modelHash: paramsHash,
  });
  return { use, audit };
}
const decimals = (x: number) => (String(x).split('.')[1] ?? '').length;

describe('predictions with the model (model-use.ts)', () => {
  it('should round the probabilities and say so when an agreement lacks the export grant', async () => {
    const answer = await setup(['urn:uuid:a1']).use.predict('urn:uuid:t1', { purpose: PURPOSE, rows: [ROW, { ...ROW, 'Body Mass (g)': 5000 }] });
    expect(answer.probabilitiesRounded).toBe(true);
    for (const p of answer.predictions) for (const x of Object.values(p.probabilities)) expect(decimals(x)).toBeLessThanOrEqual(2);
  });

  it('should answer full precision when every agreement grants fl:exportModel', async () => {
    const answer = await setup(['urn:uuid:a1', 'urn:uuid:a2']).use.predict('urn:uuid:t1', { purpose: PURPOSE, rows: [ROW] });
    expect(answer.probabilitiesRounded).toBe(false);
    expect(Math.max(...answer.predictions.flatMap((p) => Object.values(p.probabilities).map(decimals)))).toBeGreaterThan(2);
  });

  it.each([` ${PURPOSE}`, `${PURPOSE}\n`, `${PURPOSE}\u0000x`, `${PURPOSE}\t`])('should refuse the purpose %j with a 400 naming it, before any audit entry', async (purpose) => {
    const { use, audit } = setup([]);
    const error = await use.predict('urn:uuid:t1', { purpose, rows: [ROW] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', violations: [{ pointer: '/purpose' }] });
    await expect(use.exportModel('urn:uuid:t1', purpose, 'json')).rejects.toMatchObject({ code: 'INVALID_QUERY', detail: expect.stringMatching(/^purpose /) });
    expect((await audit.query({ limit: 10 })).items).toEqual([]);
  });
});
