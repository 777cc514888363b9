import { afterEach, describe, expect, it } from 'vitest';
import { type ConnectorError, FixedClock, sequentialIds, silentLogger } from '../../../core/index.js';
import { createPolicyEngine } from '../../../policy/index.js';
import { testStoreConfig } from '../../../test/helpers/test-database.js';
import { storesOn, type Stores } from '../../store/sql/create-stores.js';
import { migrate } from '../../store/migrate.js';
import { SiteSessionSqlStore } from '../../store/sql/site-session-sql-store.js';
import { standingCheck } from '../../usage/index.js';
import { RoundTokens, type RoundGrant } from '../round-token.js';
import { siteGate, type RoundRequest } from './site-gate.js';
import type { TrainingBackend } from '../training-backend.js';
import { planHash, type TrainingPlan } from '../training-plan.js';

const COORDINATOR = 'did:web:coordinator';
const PURPOSE = 'https://w3id.org/kontor/purpose/federated-training';
const plan: TrainingPlan = { model: 'softmax-regression', features: ['a', 'b'], label: 'y', classes: ['p', 'q'], localEpochs: 1, learningRate: 0.1, batchSize: 8, scaling: { mean: [0, 0], std: [1, 1] }, standardize: 'per-site', seed: 1 };
const zeros = () => new Array<number>(6).fill(0);
const backend = {
  initialParams: () => zeros(),
  modelHash: (p: readonly number[]) => `h:${p.join(',')}`,
  sampleCount: async () => 50,
  trainLocally: async () => ({ params: new Array<number>(6).fill(1), sampleCount: 50, metrics: { loss: 0.5, accuracy: 0.7 } }),
} as unknown as TrainingBackend;
/** The agreed policy: this purpose, this plan, a budget of one training round (and any further terms). */
const policyFor = (agreed: TrainingPlan, terms: object[]) => ({ '@type': 'Set', permission: [{ action: 'use', constraint: [{ and: [
  { leftOperand: 'purpose', operator: 'isA', rightOperand: PURPOSE },
  { leftOperand: 'fl:planHash', operator: 'eq', rightOperand: planHash(agreed) },
  { leftOperand: 'count', operator: 'lteq', rightOperand: 1, unit: 'fl:TrainingRound' },
  ...terms,
] }] }] });

let stores: Stores | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stores?.close();
  await cleanup?.();
});

async function site(terms: object[] = [], agreed: TrainingPlan = plan) {
  const clock = new FixedClock();
  const location = testStoreConfig('sqlite');
  cleanup = location.cleanup;
  const database = await location.open();
  await migrate(database, { clock, logger: silentLogger });
  stores = storesOn(database, clock);
  const sessions = new SiteSessionSqlStore(database, clock);
  await stores.agreements.save({ id: 'a1', negotiationId: 'n1', assigner: 'did:web:site', assignee: COORDINATOR, assetId: 'clinic', signedAt: clock.now(), status: 'active', policy: policyFor(agreed, terms) });
  const session = await sessions.open({ transferId: 't1', agreementId: 'a1', coordinatorDid: COORDINATOR, assetId: 'clinic' });
  const tokens = new RoundTokens({ issuer: 'did:web:site', clock, ids: sequentialIds('jti'), ttlSeconds: 300 });
  const decisions: { allowed: boolean; reason: string }[] = [];
  const gate = siteGate({
    sessions, tokens, backend, engine: createPolicyEngine(), agreements: stores.agreements, standing: standingCheck(stores.suspensions),
    findDataset: async () => ({ type: 'TrainingData' }), signReceipt: async () => 'signed', limits: { maxClipNorm: 5, minNoiseMultiplier: 0 },
    siteDid: 'did:web:site', clock, logger: silentLogger, record: async (d) => void decisions.push(d),
  });
  const grant: Omit<RoundGrant, 'jti' | 'exp'> = { sub: COORDINATOR, agreementId: 'a1', transferId: 't1', purpose: PURPOSE, round: 1, globalModelHash: backend.modelHash(zeros()), task: 'fit' };
  const request: RoundRequest = { round: 1, task: 'fit', purpose: PURPOSE, plan: agreed, global: zeros() };
  /** One round as the coordinator asks for it: a token for `token`, then the round `ask` with it (both default to round 1 as agreed). */
  const round = async (ask: Partial<RoundRequest> = {}, token: Partial<typeof grant> = {}, issuer = tokens) => {
    const { token: jwt } = await issuer.issue({ ...grant, round: ask.round ?? 1, ...(ask.purpose ? { purpose: ask.purpose } : {}), ...token });
    return gate.runRound((await sessions.find('t1')) ?? session, { id: COORDINATOR, claims: { credentialTypes: [] } }, jwt, { ...request, ...ask });
  };
  return { round, decisions, stores, clock, tokens: () => new RoundTokens({ issuer: 'did:web:site', clock, ids: sequentialIds('jti'), ttlSeconds: 300 }) };
}
type Site = Awaited<ReturnType<typeof site>>;
const refusal = (p: Promise<unknown>) => p.then(() => 'served', (e: unknown) => (e as ConnectorError).detail ?? String(e));

const refused: { reason: string; when: (s: Site) => Promise<unknown>; says: RegExp }[] = [
  { reason: 'a token the site did not issue', when: (s) => s.round({}, {}, s.tokens()), says: /round token refused: signature/ },
  { reason: 'a token for another training', when: (s) => s.round({}, { transferId: 't2' }), says: /for another training/ },
  { reason: 'a token for another round', when: (s) => s.round({}, { round: 2 }), says: /for another round or task/ },
  { reason: 'a token for another purpose', when: (s) => s.round({}, { purpose: 'https://w3id.org/kontor/purpose/marketing' }), says: /issued for another purpose/ },
  { reason: 'another global model than the token names', when: (s) => s.round({ global: new Array<number>(6).fill(2) }), says: /global model differs/ },
  { reason: 'a replayed round', when: async (s) => { await s.round(); return s.round(); }, says: /round 1 was already served/ },
  { reason: 'a suspended coordinator', when: async (s) => { await s.stores.suspensions.suspend({ participantId: COORDINATOR, reason: 'no deletion receipt', source: 'missed-deadline', agreementId: 'a1' }); return s.round(); }, says: /suspended: no deletion receipt/ },
  { reason: 'a purpose the agreement does not allow', when: (s) => s.round({ purpose: 'https://w3id.org/kontor/purpose/marketing' }), says: /purpose isA .* does not hold: saw "purpose:marketing"/ },
  { reason: 'a plan other than the agreed one', when: (s) => s.round({ plan: { ...plan, localEpochs: 2 } }), says: /fl:planHash eq .* does not hold/ },
  { reason: 'an exhausted round budget', when: async (s) => { await s.round(); return s.round({ round: 2 }); }, says: /count lteq 1 \(fl:TrainingRound\) does not hold: saw 2/ },
  { reason: 'a revoked agreement', when: async (s) => { await s.stores.agreements.revoke('a1', s.clock.now()); return s.round(); }, says: /agreement is no longer active/ },
];

describe('the training site gate', () => {
  it('should serve a round that passes every check, and record it', async () => {
    const s = await site();
    const answer = await s.round();
    expect(answer).toMatchObject({ update: { params: new Array<number>(6).fill(1), sampleCount: 50 }, receipt: 'signed' });
    expect(s.decisions).toEqual([expect.objectContaining({ allowed: true, reason: 'all round checks passed' })]);
  });

  it.each(refused)('should refuse $reason, naming why, and record the refusal', async ({ when, says }) => {
    const s = await site();
    const reason = await refusal(when(s));
    expect(reason).toMatch(says);
    expect(s.decisions.at(-1)).toEqual(expect.objectContaining({ allowed: false, reason }));
  });

  it('under fl:secureAggregation, should refuse a plan without it, and never send a plain update for a plan with it', async () => {
    const term = { leftOperand: 'fl:secureAggregation', operator: 'gteq', rightOperand: 2 };
    const plain = await site([term]);
    expect(await refusal(plain.round())).toMatch(/fl:secureAggregation gteq 2 does not hold: saw 0/);
    const masked = await site([term], { ...plan, secureAggregation: { threshold: 2 } });
    expect(await refusal(masked.round())).toMatch(/releases its update only masked, never in a plain fit round/);
    expect(masked.decisions.at(-1)).toEqual(expect.objectContaining({ allowed: false }));
  });
});
