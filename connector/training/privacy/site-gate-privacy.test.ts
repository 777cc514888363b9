import { afterEach, describe, expect, it } from 'vitest';
import { type ConnectorError, FixedClock, sequentialIds, silentLogger } from '../../../core/index.js';
import { createPolicyEngine } from '../../../policy/index.js';
import { testStoreConfig, type TestDatabase } from '../../../test/helpers/test-database.js';
import type { Database } from '../../store/database.js';
import { storesOn, type Stores } from '../../store/sql/create-stores.js';
import { migrate } from '../../store/migrate.js';
import { PrivacyLedgerSqlStore } from '../../store/sql/privacy-ledger-sql-store.js';
import { SiteSessionSqlStore } from '../../store/sql/site-session-sql-store.js';
import { RoundTokens } from '../round-token.js';
import { siteGate, type RoundRequest } from '../site/site-gate.js';
import type { TrainingBackend } from '../training-backend.js';
import { planHash, type TrainingPlan } from '../training-plan.js';
import type { UpdateReceipt } from '../update-receipts.js';
import { COORDINATOR, plan as harnessPlan, PURPOSE, zeros } from '../../../test/helpers/site-gate-harness.js';
import { dpSgdSchedule } from './dp-sgd-schedule.js';
import { epsilonOf, rdpOfSteps } from './rdp-accountant.js';

const plan: TrainingPlan = { ...harnessPlan, clipNorm: 1, noiseMultiplier: 4 };
const N = 50;
/** The agreed policy: this purpose and plan, plenty of rounds, and a privacy budget of ε ≤ 2 at δ = 1e-5. */
const policy = {
  '@type': 'Set',
  permission: [
    {
      action: 'use',
      constraint: [
        {
          and: [
            { leftOperand: 'purpose', operator: 'isA', rightOperand: PURPOSE },
            { leftOperand: 'fl:planHash', operator: 'eq', rightOperand: planHash(plan) },
            { leftOperand: 'count', operator: 'lteq', rightOperand: 100, unit: 'fl:TrainingRound' },
            { leftOperand: 'fl:epsilon', operator: 'lteq', rightOperand: 2 },
            { leftOperand: 'fl:delta', operator: 'lteq', rightOperand: 1e-5 },
          ],
        },
      ],
    },
  ],
};

let stores: Stores | undefined;
let location: TestDatabase | undefined;
afterEach(async () => {
  await stores?.close();
  await location?.cleanup();
});

/** A site gate over a database; a second one over the same file is the site after a restart. */
function gateOn(database: Database, clock: FixedClock, ownTrainer = false) {
  const sessions = new SiteSessionSqlStore(database, clock);
  const tokens = new RoundTokens({ issuer: 'did:web:site', clock, ids: sequentialIds(`jti-${Math.random()}`), ttlSeconds: 300 });
  const decisions: { allowed: boolean; reason: string }[] = [];
  const receipts: UpdateReceipt[] = [];
  const trained: { dpSgd?: boolean; noiseMultiplier: number }[] = [];
  const backend = {
    initialParams: () => zeros(),
    modelHash: (p: readonly number[]) => `h:${p.join(',')}`,
    sampleCount: async () => N,
    trainLocally: async (job: { dpSgd?: boolean; noiseMultiplier: number }) => {
      trained.push(job);
      return { params: new Array<number>(6).fill(1), sampleCount: N, metrics: { loss: 0.5, accuracy: 0.7 } };
    },
    evaluateLocally: async () => ({ sampleCount: 10, accuracy: 0.9, loss: 0.3 }),
    ...(ownTrainer ? { dpSgd: false } : {}),
  } as unknown as TrainingBackend;
  const gate = siteGate({
    sessions,
    tokens,
    backend,
    engine: createPolicyEngine(),
    agreements: (stores as Stores).agreements,
    privacy: new PrivacyLedgerSqlStore(database, clock),
    findDataset: async () => ({ type: 'TrainingData' }),
    signReceipt: async (r) => {
      receipts.push(r);
      return 'signed';
    },
    limits: { maxClipNorm: 5, minNoiseMultiplier: 0 },
    siteDid: 'did:web:site',
    clock,
    logger: silentLogger,
    record: async (d) => void decisions.push(d),
  });
  const round = async (n: number, task: RoundRequest['task'] = 'fit', agreementId = 'a1', transferId = 't1') => {
    const { token } = await tokens.issue({ sub: COORDINATOR, agreementId, transferId, purpose: PURPOSE, round: n, globalModelHash: backend.modelHash(zeros()), task });
    const session = await sessions.find(transferId);
    if (!session) throw new Error('no session');
    return gate.runRound(session, { id: COORDINATOR, claims: { credentialTypes: [] } }, token, { round: n, task, purpose: PURPOSE, plan, global: zeros() });
  };
  return { round, decisions, receipts, trained, sessions, ledger: new PrivacyLedgerSqlStore(database, clock) };
}

/** A site database with the agreements `a1` and `a2` (the same offer negotiated twice) under the budget policy (closed after each test). */
async function agreedSite(): Promise<{ clock: FixedClock; database: Database; place: TestDatabase }> {
  const clock = new FixedClock();
  const place = testStoreConfig('sqlite');
  location = place;
  const database = await place.open();
  await migrate(database, { clock, logger: silentLogger });
  stores = storesOn(database, clock);
  for (const id of ['a1', 'a2'])
    await stores.agreements.save({
      id,
      negotiationId: `n-${id}`,
      assigner: 'did:web:site',
      assignee: COORDINATOR,
      assetId: 'clinic',
      signedAt: clock.now(),
      status: 'active',
      policy,
    });
  return { clock, database, place };
}

describe('the site gate under a differential-privacy budget (fl:epsilon, fl:delta)', () => {
  it('should train with DP-SGD, put the spent ε in every receipt, refuse the round past the budget saying so (audited), and keep refusing after a restart', async () => {
    const { clock, database, place } = await agreedSite();
    const site = gateOn(database, clock);
    await site.sessions.open({ transferId: 't1', agreementId: 'a1', coordinatorDid: COORDINATOR, assetId: 'clinic' });

    const { samplingRate, steps } = dpSgdSchedule(N, plan.batchSize, plan.localEpochs);
    const expected = (rounds: number) => epsilonOf(rdpOfSteps(samplingRate, 4, steps * rounds), 1e-5).epsilon;
    let served = 0;
    let reason = '';
    for (let n = 1; n <= 100 && !reason; n++) {
      reason = await site.round(n).then(
        () => {
          served++;
          return '';
        },
        (e: unknown) => (e as ConnectorError).detail ?? String(e),
      );
    }
    expect(served).toBeGreaterThanOrEqual(2);
    expect(expected(served)).toBeLessThanOrEqual(2);
    expect(expected(served + 1)).toBeGreaterThan(2); // refused exactly at the first round past the budget
    expect(reason).toMatch(
      /^privacy budget exceeded: this round would bring the ε spent on this data set by this counterparty to \d+\.\d{3}, past its budget fl:epsilon ≤ 2 at δ = 0\.00001/,
    );
    expect(site.decisions.at(-1)).toEqual(expect.objectContaining({ allowed: false, reason }));
    expect(site.trained).toHaveLength(served);
    expect(site.trained.every((j) => j.dpSgd === true && j.noiseMultiplier === 4)).toBe(true);
    for (const [k, r] of site.receipts.entries()) expect(r).toMatchObject({ epsilonSpent: expect.closeTo(expected(k + 1), 9), epsilonBudget: 2, delta: 1e-5 });

    // Evaluation (of the last round served) spends nothing, and its receipt carries the ε spent so far.
    await site.round(served, 'evaluate');
    expect(site.receipts.at(-1)).toMatchObject({ task: 'evaluate', epsilonSpent: expect.closeTo(expected(served), 9) });

    // A restarted site (new connection, stores and gate over the same database) remembers what was spent.
    const reopened = await place.open();
    try {
      const restarted = gateOn(reopened, clock);
      const again = await restarted.round(served + 5).then(
        () => 'served',
        (e: unknown) => (e as ConnectorError).detail ?? String(e),
      );
      expect(again).toMatch(/privacy budget exceeded/);
      expect(restarted.decisions.at(-1)).toEqual(expect.objectContaining({ allowed: false, reason: again }));
    } finally {
      await reopened.close();
    }
  });

  it('should refuse a round under a budget at a site whose own trainer program cannot run DP-SGD, before charging anything', async () => {
    const { clock, database } = await agreedSite();
    const site = gateOn(database, clock, true);
    await site.sessions.open({ transferId: 't1', agreementId: 'a1', coordinatorDid: COORDINATOR, assetId: 'clinic' });
    const reason = await site.round(1).then(
      () => 'served',
      (e: unknown) => (e as ConnectorError).detail ?? String(e),
    );
    expect(reason).toMatch(/trains with its own program .* cannot run DP-SGD/);
    expect(site.decisions.at(-1)).toEqual(expect.objectContaining({ allowed: false, reason }));
    expect(site.trained).toHaveLength(0);
    expect(await site.ledger.find('a1')).toBeUndefined();
  });

  it('should bind the budget to the data set and the counterparty: a second agreement on the same offer starts no fresh budget', async () => {
    const { clock, database } = await agreedSite();
    const site = gateOn(database, clock);
    await site.sessions.open({ transferId: 't1', agreementId: 'a1', coordinatorDid: COORDINATOR, assetId: 'clinic' });
    await site.sessions.open({ transferId: 't2', agreementId: 'a2', coordinatorDid: COORDINATOR, assetId: 'clinic' });
    const outcome = (n: number, agreementId: string, transferId: string) =>
      site.round(n, 'fit', agreementId, transferId).then(
        () => 'served',
        (e: unknown) => (e as ConnectorError).detail ?? String(e),
      );
    let served = 0;
    while ((await outcome(served + 1, 'a1', 't1')) === 'served') served++;
    expect(served).toBeGreaterThanOrEqual(2);
    // The renegotiated agreement's first round would spend past the same budget: refused, nothing charged to it.
    expect(await outcome(1, 'a2', 't2')).toMatch(/^privacy budget exceeded: .* on this data set by this counterparty .* in \d+ rounds\)/);
    expect(await site.ledger.find('a2')).toBeUndefined();
    // What a1 spent stays its own row; a2 has none.
    const { samplingRate, steps } = dpSgdSchedule(N, plan.batchSize, plan.localEpochs);
    const spent = (await site.ledger.findShared('a1')).map((s) => s.epsilon);
    expect(spent).toEqual([expect.closeTo(epsilonOf(rdpOfSteps(samplingRate, 4, steps * served), 1e-5).epsilon, 9)]);
  });

  it('should let two agreements on one budget split it, together never past it', async () => {
    const { clock, database } = await agreedSite();
    const site = gateOn(database, clock);
    await site.sessions.open({ transferId: 't1', agreementId: 'a1', coordinatorDid: COORDINATOR, assetId: 'clinic' });
    await site.sessions.open({ transferId: 't2', agreementId: 'a2', coordinatorDid: COORDINATOR, assetId: 'clinic' });
    const ok = (p: Promise<unknown>) =>
      p.then(
        () => true,
        () => false,
      );
    let total = 0;
    for (let n = 1; n <= 100; n++) {
      const a = await ok(site.round(n, 'fit', 'a1', 't1'));
      const b = await ok(site.round(n, 'fit', 'a2', 't2'));
      total += Number(a) + Number(b);
      if (!a && !b) break;
    }
    const { samplingRate, steps } = dpSgdSchedule(N, plan.batchSize, plan.localEpochs);
    expect(epsilonOf(rdpOfSteps(samplingRate, 4, steps * total), 1e-5).epsilon).toBeLessThanOrEqual(2);
    expect(epsilonOf(rdpOfSteps(samplingRate, 4, steps * (total + 1)), 1e-5).epsilon).toBeGreaterThan(2);
    expect(site.receipts.at(-1)?.epsilonSpent).toBeCloseTo(epsilonOf(rdpOfSteps(samplingRate, 4, steps * total), 1e-5).epsilon, 9);
  });
});
