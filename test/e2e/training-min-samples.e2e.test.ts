import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import type { Training } from '../../connector/training/training.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { publishTrainingOffer, TRAINING_PURPOSE } from '../../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';

const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
let dir: string;
let space: DemoDataSpace;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-min-samples-'));
  space = await startDataSpace(
    dir,
    [
      { name: 'torgersen', legalName: 'Torgersen', roles: ['data-site'] },
      { name: 'coordinator', legalName: 'C', roles: ['coordinator'] },
    ],
    'silent',
  );
});
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('attack table row 6: too few samples for a round', () => {
  it('should deny every round at a site whose data is below the agreed minimum per round', async () => {
    const [site, coordinator] = space.nodes as [DemoNode, DemoNode];
    await publishTrainingOffer(site, 'Torgersen', plan, 3, coordinator.did, 'PT1H', 1000); // Torgersen has about 40 training rows
    const [deal] = await negotiateWithSites(coordinator, [site], () => undefined);
    const finished = new Promise<Training>((resolve) =>
      coordinator.connector.events.on('training.changed', (e) => {
        if (!['PREPARING', 'RUNNING'].includes(e.to)) resolve(e.training);
      }),
    );
    await coordinator.api('POST', '/api/v1/trainings', { agreements: [deal?.agreementId], plan, purpose: TRAINING_PURPOSE, rounds: 1 });
    const t = await finished;
    expect(t.state).toBe('FAILED');
    expect(t.rejected.map((r) => r.reason).join(' ')).toMatch(/minSamplesPerRound/);
  });
});
