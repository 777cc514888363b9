import { FixedClock, sequentialIds, silentLogger } from '../../core/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { testStoreConfig } from './test-database.js';
import { storesOn, type Stores } from '../../connector/store/sql/create-stores.js';
import { migrate } from '../../connector/store/migrate.js';
import { SiteSessionSqlStore } from '../../connector/store/sql/site-session-sql-store.js';
import { standingCheck } from '../../connector/usage/index.js';
import { RoundTokens, type RoundGrant } from '../../connector/training/round-token.js';
import { siteGate, type RoundRequest, type SiteGateDeps } from '../../connector/training/site/site-gate.js';
import type { SiteSessionStore } from '../../connector/training/site/site-session.js';
import type { TrainingBackend } from '../../connector/training/training-backend.js';
import { planHash, type TrainingPlan } from '../../connector/training/training-plan.js';

/** A training site's gate on SQLite with a fixed clock, and the coordinator's side of one round (site-gate.test.ts). */
export const COORDINATOR = 'did:web:coordinator';
export const PURPOSE = 'https://w3id.org/kontor/purpose/federated-training';
export const plan: TrainingPlan = {
  model: 'softmax-regression',
  features: ['a', 'b'],
  label: 'y',
  classes: ['p', 'q'],
  localEpochs: 1,
  learningRate: 0.1,
  batchSize: 8,
  scaling: { mean: [0, 0], std: [1, 1] },
  standardize: 'per-site',
  seed: 1,
};
export const zeros = () => new Array<number>(6).fill(0);
export const backend = {
  initialParams: () => zeros(),
  modelHash: (p: readonly number[]) => `h:${p.join(',')}`,
  sampleCount: async () => 50,
  trainLocally: async () => ({ params: new Array<number>(6).fill(1), sampleCount: 50, metrics: { loss: 0.5, accuracy: 0.7 } }),
} as unknown as TrainingBackend;
/** The agreed policy: this purpose, this plan, a budget of one training round (and any further terms). */
export const policyFor = (agreed: TrainingPlan, terms: object[]) => ({
  '@type': 'Set',
  permission: [
    {
      action: 'use',
      constraint: [
        {
          and: [
            { leftOperand: 'purpose', operator: 'isA', rightOperand: PURPOSE },
            { leftOperand: 'fl:planHash', operator: 'eq', rightOperand: planHash(agreed) },
            { leftOperand: 'count', operator: 'lteq', rightOperand: 1, unit: 'fl:TrainingRound' },
            ...terms,
          ],
        },
      ],
    },
  ],
});

let stores: Stores | undefined;
let cleanup: (() => Promise<void>) | undefined;

/** Closes the last site's stores and removes its database (call after each test). */
export async function closeSite(): Promise<void> {
  await stores?.close();
  await cleanup?.();
}

/** What a case changes at the site: its limits, its data set, its session store (e.g. a lost race for the round counter). */
export interface SiteOptions {
  limits?: Partial<SiteGateDeps['limits']>;
  findDataset?: SiteGateDeps['findDataset'];
  sessions?: (real: SiteSessionStore) => SiteSessionStore;
  /** What the site's backend does differently (e.g. an evaluation, or a count it should not sign). */
  backend?: Partial<TrainingBackend>;
}

export async function site(terms: object[] = [], agreed: TrainingPlan = plan, options: SiteOptions = {}) {
  const clock = new FixedClock();
  const location = testStoreConfig('sqlite');
  cleanup = location.cleanup;
  const database = await location.open();
  await migrate(database, { clock, logger: silentLogger });
  stores = storesOn(database, clock);
  const stored = new SiteSessionSqlStore(database, clock);
  const sessions = options.sessions?.(stored) ?? stored;
  await stores.agreements.save({
    id: 'a1',
    negotiationId: 'n1',
    assigner: 'did:web:site',
    assignee: COORDINATOR,
    assetId: 'clinic',
    signedAt: clock.now(),
    status: 'active',
    policy: policyFor(agreed, terms),
  });
  const session = await sessions.open({ transferId: 't1', agreementId: 'a1', coordinatorDid: COORDINATOR, assetId: 'clinic' });
  const tokens = new RoundTokens({ issuer: 'did:web:site', clock, ids: sequentialIds('jti'), ttlSeconds: 300 });
  const decisions: { allowed: boolean; reason: string; clipNorm?: number; noiseMultiplier?: number }[] = [];
  const gate = siteGate({
    sessions,
    tokens,
    backend: { ...backend, ...options.backend },
    engine: createPolicyEngine(),
    agreements: stores.agreements,
    standing: standingCheck(stores.suspensions),
    findDataset: options.findDataset ?? (async () => ({ type: 'TrainingData' })),
    signReceipt: async () => 'signed',
    limits: { maxClipNorm: 5, minNoiseMultiplier: 0, ...options.limits },
    siteDid: 'did:web:site',
    clock,
    logger: silentLogger,
    record: async (d) => void decisions.push(d),
  });
  const grant: Omit<RoundGrant, 'jti' | 'exp'> = {
    sub: COORDINATOR,
    agreementId: 'a1',
    transferId: 't1',
    purpose: PURPOSE,
    round: 1,
    globalModelHash: backend.modelHash(zeros()),
    task: 'fit',
  };
  const request: RoundRequest = { round: 1, task: 'fit', purpose: PURPOSE, plan: agreed, global: zeros() };
  /**
   * One round as the coordinator asks for it: a token for `token`, then (after `meanwhile`) the round `ask` with it
   * (both default to round 1 as agreed).
   */
  const round = async (ask: Partial<RoundRequest> = {}, token: Partial<typeof grant> = {}, issuer = tokens, meanwhile = () => {}) => {
    const { token: jwt } = await issuer.issue({
      ...grant,
      round: ask.round ?? 1,
      ...(ask.purpose ? { purpose: ask.purpose } : {}),
      ...(ask.task ? { task: ask.task } : {}),
      ...token,
    });
    meanwhile();
    return gate.runRound((await sessions.find('t1')) ?? session, { id: COORDINATOR, claims: { credentialTypes: [] } }, jwt, { ...request, ...ask });
  };
  return { round, decisions, stores, clock, tokens: () => new RoundTokens({ issuer: 'did:web:site', clock, ids: sequentialIds('jti'), ttlSeconds: 300 }) };
}
export type Site = Awaited<ReturnType<typeof site>>;
