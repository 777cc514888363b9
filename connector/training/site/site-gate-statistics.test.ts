import { describe, expect, it } from 'vitest';
import { type ConnectorError, FixedClock, sequentialIds, silentLogger } from '../../../core/index.js';
import { createPolicyEngine } from '../../../policy/index.js';
import type { ContractAgreement } from '../../negotiation/agreement/contract-agreement.js';
import { RoundTokens } from '../round-token.js';
import { siteGate } from './site-gate.js';
import type { SiteSession, SiteSessionStore } from './site-session.js';
import { statisticsHash } from '../statistics-hash.js';
import type { TrainingBackend } from '../training-backend.js';
import type { TrainingPlan } from '../training-plan.js';
import type { UpdateReceipt } from '../update-receipts.js';

const clock = new FixedClock();
const plan: TrainingPlan = {
  model: 'softmax-regression',
  features: ['a', 'b'],
  label: 'y',
  classes: ['p', 'q'],
  localEpochs: 1,
  learningRate: 0.1,
  batchSize: 8,
  scaling: { mean: [], std: [] },
  standardize: 'federated',
  seed: 1,
};
const backend = {
  initialParams: () => new Array<number>(6).fill(0),
  statistics: async () => ({ sampleCount: 57, mean: [1, 2], variance: [3, 4] }),
  modelHash: (p: readonly number[]) => `h:${p.join(',')}`,
} as unknown as TrainingBackend;

function setup(tasks: string[], lastRound = 0, over: Partial<TrainingBackend> = {}) {
  const session: SiteSession = {
    transferId: 't1',
    agreementId: 'a1',
    coordinatorDid: 'did:web:coordinator',
    assetId: 'clinic',
    roundsDone: lastRound,
    evaluationsDone: 0,
    lastRound,
    lastEvaluation: 0,
    usedTokens: [],
    status: 'active',
    createdAt: 0,
    updatedAt: 0,
  };
  const served = new Map<string, number>();
  const sessions = {
    advance: async (_t: string, round: number, _jti: string, task: string) => {
      if (round <= (served.get(task) ?? 0)) return false;
      served.set(task, round);
      return true;
    },
    roundsUnderAgreement: async () => 0,
  } as unknown as SiteSessionStore;
  const agreement: ContractAgreement = {
    id: 'a1',
    negotiationId: 'n1',
    assigner: 'did:web:site',
    assignee: 'did:web:coordinator',
    assetId: 'clinic',
    signedAt: clock.now(),
    status: 'active',
    policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'fl:taskType', operator: 'isAnyOf', rightOperand: tasks }] }] },
  };
  const tokens = new RoundTokens({ issuer: 'did:web:site', clock, ids: sequentialIds('jti'), ttlSeconds: 300 });
  const receipts: UpdateReceipt[] = [];
  const decisions: { allowed: boolean; reason: string }[] = [];
  const gate = siteGate({
    sessions,
    tokens,
    backend: { ...backend, ...over } as TrainingBackend,
    engine: createPolicyEngine(),
    agreements: { findById: async () => agreement } as never,
    findDataset: async () => ({ type: 'TrainingData' }),
    signReceipt: async (r) => {
      receipts.push(r);
      return 'signed';
    },
    limits: { maxClipNorm: 5, minNoiseMultiplier: 0, sampleCountBucket: 10 },
    siteDid: 'did:web:site',
    clock,
    logger: silentLogger,
    record: async (d) => void decisions.push(d),
  });
  const agent = { id: 'did:web:coordinator', claims: {} } as never;
  const ask = async (task: 'statistics' | 'fit' = 'statistics') => {
    const { token } = await tokens.issue({
      sub: 'did:web:coordinator',
      agreementId: 'a1',
      transferId: 't1',
      purpose: 'study',
      round: 1,
      globalModelHash: backend.modelHash(new Array<number>(6).fill(0)),
      task,
    });
    return gate.runRound(session, agent, token, { round: 1, task, purpose: 'study', plan, global: new Array<number>(6).fill(0) });
  };
  return { ask, receipts, decisions };
}
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e as ConnectorError).detail,
  );

describe('feature statistics at the site gate (federated scaling)', () => {
  it("should serve them once, with the count in the site's bucket and a receipt over exactly what it returned", async () => {
    const { ask, receipts, decisions } = setup(['fl:fit', 'fl:evaluate', 'fl:statistics']);
    const answer = await ask();
    expect(answer.statistics).toEqual({ sampleCount: 60, mean: [1, 2], variance: [3, 4] });
    expect(receipts[0]).toMatchObject({ task: 'statistics', round: 1, sampleCount: 60, updateHash: statisticsHash(backend, { sampleCount: 60, mean: [1, 2], variance: [3, 4] }) });
    expect(await refusal(ask())).toMatch(/already served/);
    expect(decisions.map((d) => d.allowed)).toEqual([true, false]);
  });

  it('should refuse them when the contract does not list fl:statistics, naming the constraint', async () => {
    const { ask, decisions } = setup(['fl:fit', 'fl:evaluate']);
    expect(await refusal(ask())).toMatch(/taskType/);
    expect(decisions).toEqual([expect.objectContaining({ allowed: false, reason: expect.stringMatching(/taskType/) })]);
  });

  it('should refuse them once training rounds have been served', async () => {
    const { ask } = setup(['fl:fit', 'fl:evaluate', 'fl:statistics'], 1);
    expect(await refusal(ask())).toMatch(/before round 1 only/);
  });

  it('should refuse statistics that are not finite, naming the feature, and sign nothing (JSON would send null)', async () => {
    const { ask, receipts, decisions } = setup(['fl:fit', 'fl:evaluate', 'fl:statistics'], 0, {
      statistics: async () => ({ sampleCount: 57, mean: [1, 7.5e307], variance: [3, Number.POSITIVE_INFINITY] }),
    });
    const error = await ask().catch((e: ConnectorError) => e);
    expect(error).toMatchObject({ code: 'TRAINING_DATA_INVALID', detail: expect.stringMatching(/^the feature statistics of 'b' are not finite numbers: .* at most ±1e100/) });
    expect(receipts).toEqual([]);
    expect(decisions).toEqual([expect.objectContaining({ allowed: false, reason: expect.stringMatching(/statistics of 'b'/) })]);
  });

  it('should refuse a local update that is not finite, naming the feature whose weights overflowed, and sign nothing', async () => {
    const { ask, receipts } = setup(['fl:fit', 'fl:evaluate', 'fl:statistics'], 0, {
      sampleCount: async () => 57,
      // softmax regression, 2 classes × (2 features + bias): the weights of 'a' are 0 and 2
      trainLocally: async () => ({ params: [Number.NaN, 1, Number.POSITIVE_INFINITY, 1, 0, 0], sampleCount: 57, metrics: { loss: 1, accuracy: 0.5 } }),
    });
    const error = await ask('fit').catch((e: ConnectorError) => e);
    expect(error).toMatchObject({
      code: 'TRAINING_DATA_INVALID',
      detail: expect.stringMatching(/^the local update holds 2 of 6 parameters that are not finite numbers \(the weights of 'a'\): /),
    });
    expect(receipts).toEqual([]);
  });
});
