import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessFedAvg, penguinPlan, testAccuracy } from '../../connector/training/backend/baselines.js';
import { datasetRows, PENGUINS, trainingDataAddress } from '../../connector/training/backend/data-sets.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { publishTrainingOffer, TRAINING_PURPOSE } from '../../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';
import { trainingEnded } from '../helpers/training-ended.js';

// Issue 14 item 1 between real connectors: a plan with secure aggregation (pinned by fl:planHash) runs its rounds with
// DID-signed round keys, sealed shares and masked updates; the coordinator unmasks only the sum, which matches FedAvg.
// A site's noise is its secret, fresh from the CSPRNG (never the plan's seed), so the federated model is compared with a
// noise-free in-process FedAvg after one round, where the difference is exactly the aggregated noise Σₖ wₖ·N(0, σ²).
const ROUNDS = 1;
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
  // Torgersen's agreement allows one round fewer: in the second training it drops out after the key exchange (round 2).
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

  it("should train on masked updates only and reach plain FedAvg plus the sites' aggregated noise (and nothing else)", async () => {
    const done = finished();
    await coordinator.api('POST', '/api/v1/trainings', { agreements: agreementIds, plan, purpose: TRAINING_PURPOSE, rounds: ROUNDS });
    const training = await done;
    expect(training.state, training.errorDetail).toBe('COMPLETED');
    expect(training.rejected).toEqual([]);
    const plain = inProcessFedAvg(plan, ROUNDS, { clipNorm: privacy.clipNorm, noiseMultiplier: 0 });
    // The residual is Σₖ wₖ·N(0, σ²) per coordinate, σ = 0.01 · 5 (plan and site floor), wₖ = nₖ / Σn: i.i.d. normal
    // with deviation σ·√Σwₖ². Beyond 5 of them (any coordinate) or a spread far from it means something else leaked
    // in (a mask not removed, a wrong fixed-point scale, a missing site); each bound fails by chance below 1e-4.
    const sizes = ISLANDS.map((island) => datasetRows(trainingDataAddress(PENGUINS, island), 'train').length);
    const total = sizes.reduce((a, b) => a + b, 0);
    const spread = privacy.noiseMultiplier * privacy.clipNorm * Math.sqrt(sizes.reduce((s, n) => s + (n / total) ** 2, 0));
    const residual = training.global.map((x, i) => x - (plain[i] ?? Number.NaN));
    expect(Math.max(...residual.map(Math.abs))).toBeLessThan(5 * spread);
    const rms = Math.sqrt(residual.reduce((s, r) => s + r * r, 0) / residual.length);
    expect(rms).toBeGreaterThan(0.3 * spread);
    expect(rms).toBeLessThan(2 * spread);
    // The coordinator never had an individual update to measure.
    for (const m of training.metrics) for (const s of m.sites) expect(Number.isFinite(s.updateNorm), 'an update norm (stored as null)').toBe(false);
  });

  it("should recover a round in which a site drops out after sharing its keys (its masks removed from the others' shares)", async () => {
    const done = finished();
    await coordinator.api('POST', '/api/v1/trainings', { agreements: agreementIds, plan, purpose: TRAINING_PURPOSE, rounds: 2, minSites: 2 });
    const training = await done;
    expect(training.state, training.errorDetail).toBe('COMPLETED');
    // Round 2: Torgersen took part in the key exchange, then its gate refused the fit (its round budget was spent).
    expect(training.rejected).toEqual([expect.objectContaining({ siteDid: torgersen.did, round: 2, reason: expect.stringMatching(/count lteq 2/) })]);
    expect(training.metrics.at(-1)?.sites.map((s) => s.siteDid)).not.toContain(torgersen.did);
    // Unremoved masks would leave parameters of the order of 2^32 / n: the model would be noise.
    expect(Math.max(...training.global.map(Math.abs))).toBeLessThan(100);
    expect(testAccuracy(plan, training.global)).toBeGreaterThan(0.9);
  });
});
