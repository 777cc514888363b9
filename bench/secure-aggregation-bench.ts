import { inProcessFedAvg, penguinPlan } from '../connector/training/backend/baselines.js';
import { makeSites, roundOf } from '../connector/training/secagg/secagg-test-kit.js';
import { measure, report } from './measure.js';

/**
 * The cost of secure aggregation per round, for 3 and 10 in-process sites: key exchange with DID-signed X25519 keys,
 * Shamir shares sealed to every other site, masking, revealing and unmasking (one site dropped in the 10-site case),
 * against one plain in-process FedAvg round of the penguins plan (local training of every site plus aggregation).
 */
export async function run(): Promise<void> {
  const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
  const length = (plan.features.length + 1) * plan.classes.length;
  const plain = await measure('plain FedAvg round', () => inProcessFedAvg(plan, 1, { clipNorm: 5, noiseMultiplier: 0.01 }), { warmupMs: 200, runMs: 300, runs: 5 });
  let round = 0;
  for (const n of [3, 10]) {
    const kit = makeSites(n);
    const inputs = new Map(kit.sites.map((s, i) => [s.did, Array.from({ length }, (_, j) => Math.sin(i + j) * 40)]));
    const drop = new Set(n >= 10 ? [kit.sites[4]?.did ?? ''] : []);
    const threshold = Math.floor(n / 2) + 1;
    const secure = await measure(`secure aggregation, ${n} sites`, () => roundOf(kit, { trainingId: 'bench', round: ++round, threshold }, inputs, drop), {
      warmupMs: 200,
      runMs: 300,
      runs: 5,
    });
    report(
      `secure aggregation per round: ${n} in-process sites, ${length} parameters${drop.size ? ', one site dropped' : ''}`,
      [
        { label: 'secure aggregation protocol, per round', value: secure.median, unit: 'ms' },
        { label: 'plain in-process FedAvg round (baseline)', value: plain.median, unit: 'ms' },
      ],
      { label: 'round with secure aggregation / without', value: (plain.median + secure.median) / plain.median },
    );
  }
}
