import { planFor } from '../../connector/training/backend/baselines.js';
import { datasetRows, trainingDataAddress, type DataSet } from '../../connector/training/backend/data-sets.js';
import { dpSgdSchedule } from '../../connector/training/privacy/dp-sgd-schedule.js';
import { epsilonOf, rdpOfSteps } from '../../connector/training/privacy/rdp-accountant.js';
import type { TrainingPlan } from '../../connector/training/training-plan.js';

/** The δ of the demo's privacy budget (below 1/n for every site). */
export const DEMO_DELTA = 1e-5;

/**
 * `npm run demo -- --epsilon E`: a DP-SGD plan for a shipped data set (one local epoch, expected batches of 128, clip
 * norm 1, learning rate 2), with the smallest noise multiplier on a 0.05 grid that keeps every site's ε, after `rounds`
 * rounds and as its own accountant will charge them, within E at δ = 1e-5. The coordinator knows the sites' row counts
 * here only because the demo ships the data; in a real consortium the sites publish them in buckets. Batches of 32 at
 * learning rate 1 (σ 6.65 at ε 3) ended more than 3 points below centralized in 27 of 100 in-process runs (the noise is
 * the CSPRNG's, fresh each run); large batches need less noise per row of signal (σ 5.4, noise σ·C/B per step a
 * sixth of it): 1 of 300 (docs/federated-training.md, "Measured").
 */
export function privatePlan(ds: DataSet, rounds: number, epsilon: number, decimals: number): { plan: TrainingPlan; projected: Record<string, number> } {
  const base = planFor(ds, { localEpochs: 1, batchSize: 128, learningRate: 2, clipNorm: 1 }, decimals);
  const counts = Object.fromEntries(ds.partitions.map((part) => [part, datasetRows(trainingDataAddress(ds, part), 'train').length]));
  const spent = (sigma: number) =>
    Object.fromEntries(
      Object.entries(counts).map(([part, n]) => {
        const { samplingRate, steps } = dpSgdSchedule(n, base.batchSize, base.localEpochs);
        return [part, epsilonOf(rdpOfSteps(samplingRate, sigma, steps * rounds), DEMO_DELTA).epsilon];
      }),
    );
  for (let k = 1; k <= 2000; k++) {
    const sigma = Math.round(k * 5) / 100;
    const projected = spent(sigma);
    if (Object.values(projected).every((e) => e <= epsilon)) return { plan: { ...base, noiseMultiplier: sigma }, projected };
  }
  throw new Error(`no noise multiplier up to 100 keeps ε within ${epsilon} over ${rounds} rounds`);
}
