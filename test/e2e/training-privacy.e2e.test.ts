import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import { datasetRows, PENGUINS, trainingDataAddress } from '../../connector/training/backend/data-sets.js';
import { dpSgdSchedule } from '../../connector/training/privacy/dp-sgd-schedule.js';
import { epsilonOf, rdpOfSteps } from '../../connector/training/privacy/rdp-accountant.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { publishTrainingOffer, TRAINING_PURPOSE } from '../../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';
import { trainingEnded } from '../helpers/training-ended.js';

// Issue 14 items 2 and 3 between real connectors: a privacy budget in each agreement (fl:epsilon, fl:delta), DP-SGD at
// the sites, the spent ε in the training status, a round past the budget refused and audited at the site; and a robust
// aggregation strategy chosen in the plan (an unknown one refused naming it).
const ROUNDS = 2;
const DELTA = 1e-5;
const plan = penguinPlan({ localEpochs: 1, batchSize: 32, learningRate: 1, clipNorm: 1, noiseMultiplier: 3, aggregation: { strategy: 'median' } });
const ISLANDS = ['Biscoe', 'Dream', 'Torgersen'];
const spentAfter = (island: string, rounds: number) => {
  const { samplingRate, steps } = dpSgdSchedule(datasetRows(trainingDataAddress(PENGUINS, island), 'train').length, plan.batchSize, plan.localEpochs);
  return epsilonOf(rdpOfSteps(samplingRate, 3, steps * rounds), DELTA).epsilon;
};
/** The budget: just what Torgersen (the smallest site, so the largest sampling rate) spends in ROUNDS rounds. */
const BUDGET = Math.ceil(spentAfter('Torgersen', ROUNDS) * 1000) / 1000;

let dir: string;
let space: DemoDataSpace;
let coordinator: DemoNode;
let sites: DemoNode[];
let agreementIds: string[];
const finished = () => trainingEnded(coordinator);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-privacy-'));
  space = await startDataSpace(
    dir,
    [
      ...ISLANDS.map((island) => ({ name: island.toLowerCase(), legalName: `${island} Station`, roles: ['data-site'] })),
      { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'] },
    ],
    'silent',
  );
  sites = space.nodes.slice(0, 3);
  coordinator = space.nodes[3] as DemoNode;
  for (const [i, site] of sites.entries())
    await publishTrainingOffer(site, ISLANDS[i] as string, plan, ROUNDS + 5, coordinator.did, 'PT1H', 20, PENGUINS, { epsilon: BUDGET, delta: DELTA });
  agreementIds = (await negotiateWithSites(coordinator, sites, () => undefined)).map((a) => a.agreementId);
}, 180_000);
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('training under a differential-privacy budget, with robust aggregation', () => {
  it('should refuse an unknown aggregation strategy, naming it', async () => {
    const body = { agreements: agreementIds, plan: { ...plan, aggregation: { strategy: 'bulyan' } }, purpose: TRAINING_PURPOSE, rounds: 1 };
    await expect(coordinator.api('POST', '/api/v1/trainings', body)).rejects.toThrow(/→ 400: .*unknown aggregation strategy 'bulyan'/);
  });

  it("should train with the median, show each site's spent ε in the status as its accountant charged it, then refuse the round past the budget and audit it", async () => {
    expect(spentAfter('Torgersen', ROUNDS + 1)).toBeGreaterThan(BUDGET); // the next round cannot fit
    const done = finished();
    const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements: agreementIds, plan, purpose: TRAINING_PURPOSE, rounds: ROUNDS });
    const training = await done;
    expect(training.state, training.errorDetail).toBe('COMPLETED');
    const status = await coordinator.api<{ sites: { siteDid: string; privacy: { epsilonSpent: number; epsilonBudget: number; delta: number } | null }[] }>(
      'GET',
      `/api/v1/trainings/${encodeURIComponent(id)}`,
    );
    for (const [i, site] of sites.entries()) {
      const privacy = status.sites.find((s) => s.siteDid === site.did)?.privacy;
      expect(privacy).toEqual({ epsilonSpent: expect.closeTo(spentAfter(ISLANDS[i] as string, ROUNDS), 9), epsilonBudget: BUDGET, delta: DELTA });
      expect(privacy?.epsilonSpent).toBeLessThanOrEqual(BUDGET);
    }

    const again = finished();
    await coordinator.api('POST', '/api/v1/trainings', { agreements: agreementIds, plan, purpose: TRAINING_PURPOSE, rounds: 1, minSites: 2 });
    const next = await again;
    const torgersen = sites[2] as DemoNode;
    expect(next.rejected.find((r) => r.siteDid === torgersen.did)?.reason).toMatch(
      /privacy budget exceeded: this round would bring the ε spent on this data set by this counterparty to \d+\.\d{3}, past its budget fl:epsilon ≤ [\d.]+ at δ = 0\.00001/,
    );
    const log = await torgersen.api<{ items: { type: string; data: { decision?: string; reason?: string } }[] }>('GET', '/api/v1/audit?limit=500');
    expect(log.items.find((e) => e.type === 'training.round' && e.data.decision === 'deny')?.data.reason).toMatch(/privacy budget exceeded/);
    expect(await torgersen.api('GET', '/api/v1/audit/verify')).toMatchObject({ ok: true });
  });
});
