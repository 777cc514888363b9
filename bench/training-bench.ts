import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inProcessFedAvg, penguinPlan } from '../connector/training/backend/baselines.js';
import type { Training } from '../connector/training/training.js';
import { startDataSpace, type DemoNode } from '../examples/demo/demo-data-space.js';
import { publishTrainingOffer, TRAINING_PURPOSE } from '../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../examples/demo/negotiate-all.js';
import { report } from './measure.js';

const ISLANDS = ['Biscoe', 'Dream', 'Torgersen'];

/**
 * 20 rounds × 3 sites through the connectors (DCP identity, round tokens, per-round policy evaluation, signed
 * receipts, worker-thread training, federated evaluation) against the same FedAvg in one process, same run.
 */
export async function run(): Promise<void> {
  const rounds = 20;
  const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
  const t0 = performance.now();
  inProcessFedAvg(plan, rounds, { clipNorm: 5, noiseMultiplier: 0.01 });
  const baselineMs = performance.now() - t0;
  const dir = mkdtempSync(join(tmpdir(), 'kontor-bench-fl-'));
  const space = await startDataSpace(dir, [...ISLANDS.map((i) => ({ name: i, legalName: i, roles: ['data-site'] })), { name: 'coordinator', legalName: 'C', roles: ['coordinator'] }], 'silent');
  try {
    const sites = space.nodes.slice(0, 3);
    const coordinator = space.nodes[3] as DemoNode;
    for (const [i, site] of sites.entries()) await publishTrainingOffer(site, ISLANDS[i] as string, plan, rounds, coordinator.did);
    const agreements = await negotiateWithSites(coordinator, sites, () => undefined);
    const done = new Promise<Training>((resolve) => coordinator.connector.events.on('training.changed', (e) => {
      if (!['PREPARING', 'RUNNING'].includes(e.to)) resolve(e.training);
    }));
    const t1 = performance.now();
    await coordinator.api('POST', '/api/v1/trainings', { agreements: agreements.map((a) => a.agreementId), plan, purpose: TRAINING_PURPOSE, rounds });
    const training = await done;
    const governedMs = performance.now() - t1;
    if (training.state !== 'COMPLETED') throw new Error(`training ${training.state}: ${training.errorDetail ?? ''}`);
    report('training: 20 rounds × 3 sites', [
      { label: 'through the connectors (incl. start), total', value: governedMs, unit: 'ms' },
      { label: 'per round (fit + federated evaluation)', value: governedMs / rounds, unit: 'ms' },
      { label: 'same FedAvg in one process (baseline), total', value: baselineMs, unit: 'ms' },
    ], { label: 'governance overhead (connectors / in-process)', value: governedMs / baselineMs });
  } finally {
    await space.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  await (await import('./secure-aggregation-bench.js')).run();
}
