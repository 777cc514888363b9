import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessFedAvg, penguinPlan, testAccuracy } from '../../connector/training/backend/baselines.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { publishTrainingOffer, TRAINING_PURPOSE } from '../../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';
import { trainingEnded } from '../helpers/training-ended.js';

// Issue 14 item 1 between real connectors: a plan with secure aggregation (pinned by fl:planHash) runs its rounds with
// DID-signed round keys, sealed shares and masked updates; the coordinator unmasks only the sum, which matches FedAvg.
const ROUNDS = 3;
const privacy = { clipNorm: 5, noiseMultiplier: 0.01 };
const plan = penguinPlan({ ...privacy, secureAggregation: { threshold: 2 } });
const ISLANDS = ['Biscoe', 'Dream', 'Torgersen'];

let dir: string;
let space: DemoDataSpace;
let coordinator: DemoNode;
let torgersen: DemoNode;
let agreementIds: string[];
const finished = () => trainingEnded(coordinator);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-secagg-'));
  space = await startDataSpace(
    dir,
    [
      ...ISLANDS.map((island) => ({ name: island.toLowerCase(), legalName: `${island} Station`, roles: ['data-site'] })),
      { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'] },
    ],
    'silent',
  );
  const sites = space.nodes.slice(0, 3);
  coordinator = space.nodes[3] as DemoNode;
  torgersen = sites[2] as DemoNode;
  // Torgersen's agreement allows one round fewer: in the second training it drops out after the key exchange.
  for (const [i, site] of sites.entries()) await publishTrainingOffer(site, ISLANDS[i] as string, plan, ISLANDS[i] === 'Torgersen' ? ROUNDS + 1 : ROUNDS + 2, coordinator.did);
  agreementIds = (await negotiateWithSites(coordinator, sites, () => undefined)).map((a) => a.agreementId);
}, 180_000);
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('training with secure aggregation between connectors', () => {
  it('should refuse a robust strategy together with secure aggregation, saying why', async () => {
    const body = { agreements: agreementIds, plan: { ...plan, aggregation: { strategy: 'median' } }, purpose: TRAINING_PURPOSE, rounds: 1 };
    await expect(coordinator.api('POST', '/api/v1/trainings', body)).rejects.toThrow(
      /→ 400: .*aggregation 'median' needs each site's update in the clear, which secure aggregation hides/,
    );
  });

  it('should train on masked updates only and reach the same model as plain FedAvg, within fixed-point error', async () => {
    const done = finished();
    await coordinator.api('POST', '/api/v1/trainings', { agreements: agreementIds, plan, purpose: TRAINING_PURPOSE, rounds: ROUNDS });
    const training = await done;
    expect(training.state, training.errorDetail).toBe('COMPLETED');
    expect(training.rejected).toEqual([]);
    const plain = inProcessFedAvg(plan, ROUNDS, privacy);
    const largest = Math.max(...training.global.map((x, i) => Math.abs(x - (plain[i] ?? Number.NaN))));
    expect(largest).toBeLessThan(1e-5);
    expect(testAccuracy(plan, training.global)).toBeCloseTo(testAccuracy(plan, plain), 2);
    // The coordinator never had an individual update to measure.
    for (const m of training.metrics) for (const s of m.sites) expect(Number.isFinite(s.updateNorm), 'an update norm (stored as null)').toBe(false);
  });

  it("should recover a round in which a site drops out after sharing its keys (its masks removed from the others' shares)", async () => {
    const done = finished();
    await coordinator.api('POST', '/api/v1/trainings', { agreements: agreementIds, plan, purpose: TRAINING_PURPOSE, rounds: 2, minSites: 2 });
    const training = await done;
    expect(training.state, training.errorDetail).toBe('COMPLETED');
    // Round 2: Torgersen took part in the key exchange, then its gate refused the fit (its round budget was spent).
    expect(training.rejected).toEqual([expect.objectContaining({ siteDid: torgersen.did, round: 2, reason: expect.stringMatching(/count lteq 4/) })]);
    expect(training.metrics.at(-1)?.sites.map((s) => s.siteDid)).not.toContain(torgersen.did);
    // Unremoved masks would leave parameters of the order of 2^32 / n: the model would be noise.
    expect(Math.max(...training.global.map(Math.abs))).toBeLessThan(100);
    expect(testAccuracy(plan, training.global)).toBeGreaterThan(0.9);
  });
});
