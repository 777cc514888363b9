import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessFedAvg, penguinPlan, testAccuracy } from '../../connector/fl/backend/baselines.js';
import { softmaxBackend } from '../../connector/fl/backend/softmax-backend.js';
import { TrainingWorkers } from '../../connector/fl/backend/worker-runner.js';
import type { Training } from '../../connector/fl/training.js';
import type { TrainingBackend } from '../../connector/fl/training-backend.js';
import { updateBound } from '../../connector/fl/update-bound.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { publishTrainingOffer, TRAINING_PURPOSE } from '../../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';

// Attack table row 9 (design §3.6): a site poisons its updates. It is a member with a valid agreement and signs what
// it sends; only the coordinator's norm bound keeps its 100× update from dragging the model away.
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const ROUNDS = 4;
const honest = softmaxBackend(new TrainingWorkers());
const poisoning: TrainingBackend = {
  ...honest,
  async trainLocally(job) {
    const update = await honest.trainLocally(job);
    return { ...update, params: update.params.map((v, i) => (job.global[i] ?? 0) + 100 * (v - (job.global[i] ?? 0))) };
  },
};
let dir: string;
let space: DemoDataSpace;
let training: Training;
let poisoner: DemoNode;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-poison-'));
  space = await startDataSpace(dir, [
    { name: 'biscoe', legalName: 'Biscoe Station', roles: ['data-site'] },
    { name: 'dream', legalName: 'Dream Station', roles: ['data-site'], trainingBackend: poisoning },
    { name: 'torgersen', legalName: 'Torgersen Station', roles: ['data-site'] },
    { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'] },
  ], 'silent');
  const sites = space.nodes.slice(0, 3);
  const coordinator = space.nodes[3] as DemoNode;
  poisoner = sites[1] as DemoNode;
  for (const [i, site] of sites.entries()) await publishTrainingOffer(site, ['Biscoe', 'Dream', 'Torgersen'][i] as string, plan, ROUNDS, coordinator.did);
  const agreements = await negotiateWithSites(coordinator, sites, () => undefined);
  const finished = new Promise<Training>((resolve) => coordinator.connector.events.on('training.changed', (e) => {
    if (!['PREPARING', 'RUNNING'].includes(e.to)) resolve(e.training);
  }));
  await coordinator.api('POST', '/api/v1/trainings', { agreements: agreements.map((a) => a.agreementId), plan, purpose: TRAINING_PURPOSE, rounds: ROUNDS });
  training = await finished;
}, 180_000);
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('row 9: a site that poisons its updates (100× too large)', () => {
  it('should have its update cut to the norm bound every round, the honest sites\' left alone', () => {
    expect(training.state, training.errorDetail).toBe('COMPLETED');
    const bound = updateBound(plan, training.global.length) ?? 0;
    for (const m of training.metrics) {
      const bySite = new Map(m.sites.map((s) => [s.siteDid, s]));
      expect(bySite.get(poisoner.did)).toMatchObject({ clipped: true, updateNorm: expect.any(Number) });
      expect(bySite.get(poisoner.did)?.updateNorm ?? 0).toBeGreaterThan(10 * bound);
      for (const [did, s] of bySite) if (did !== poisoner.did) expect(s.clipped, did).toBe(false);
    }
  });

  it('should end with a model about as good as an all-honest FedAvg', () => {
    const final = training.metrics.at(-1)?.accuracy ?? 0;
    const allHonest = testAccuracy(plan, inProcessFedAvg(plan, ROUNDS, { clipNorm: 5, noiseMultiplier: 0.01 }));
    expect(final).toBeGreaterThan(allHonest - 0.1);
  });
});
