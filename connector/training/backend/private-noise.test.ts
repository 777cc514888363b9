import { describe, expect, it } from 'vitest';
import { dpSgdSchedule } from '../privacy/dp-sgd-schedule.js';
import { penguinPlan } from './baselines.js';
import { trainDpSgd } from './dp-sgd-train.js';
import { trainLocally, type LocalTrainingJob } from './local-train.js';
import { secureRandom } from './secure-random.js';
import { gaussian, seededRandom } from './seeded-random.js';
import { softmaxBackend } from './softmax-backend.js';
import { TrainingWorkers } from './worker-runner.js';

// The review's attack (issue: DP noise from the plan's public seed): a coordinator that knows the plan's seed, the
// round and the global model regenerated the site's noise and Poisson batches and subtracted them. The noise and the
// sampling must be the site's secret: fresh from the CSPRNG each run, never a function of anything in the plan.
const rows = Array.from({ length: 120 }, (_, i) => ({ x: [((i * 37) % 11) / 5 - 1, ((i * 13) % 7) / 3 - 1, (i % 5) / 4, ((i * 7) % 3) - 1], y: i % 3 }));
const shape = { features: 4, classes: 3 };
const job: LocalTrainingJob = {
  shape,
  rows,
  global: new Array<number>(15).fill(0.1),
  localEpochs: 1,
  learningRate: 1,
  batchSize: 32,
  clipNorm: 1,
  noiseMultiplier: 6.65,
  seed: 43, // plan.seed + round, as the site gate hands it over
  dpSgd: true,
};
const largestGap = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((v, p) => Math.abs(v - (b[p] ?? Number.NaN))));

describe('privacy noise and DP-SGD sampling come from the CSPRNG, not from the plan', () => {
  it('should release different DP-SGD noise for the same job (plan, seed, round) run twice', () => {
    const sigmaStep = (job.learningRate * job.noiseMultiplier * job.clipNorm) / (dpSgdSchedule(rows.length, job.batchSize, 1).samplingRate * rows.length);
    // Two runs differ by noise of the order of σ·C·lr / (q·n) per coordinate and step, not by rounding.
    expect(largestGap(trainDpSgd(job).params, trainDpSgd(job).params)).toBeGreaterThan(sigmaStep / 10);
  });

  it("should not be the noise a coordinator regenerates from the plan's seed (the old mulberry32 stream)", () => {
    const replayed = trainDpSgd(job, seededRandom(job.seed)).params;
    const released = trainLocally(job).params;
    expect(largestGap(released, replayed)).toBeGreaterThan(0.1);
    // The same holds for the noise added to a released update without DP-SGD (site-level DP).
    const plain = { ...job, dpSgd: false, noiseMultiplier: 0.5 };
    expect(largestGap(trainLocally(plain).params, trainLocally(plain, seededRandom(plain.seed)).params)).toBeGreaterThan(0.01);
    expect(largestGap(trainLocally(plain).params, trainLocally(plain).params)).toBeGreaterThan(0.01);
  });

  it('should stay reproducible where it is public: without noise the seed alone fixes the result, and an injected source reproduces a noisy run', () => {
    const quiet = { ...job, dpSgd: false, noiseMultiplier: 0 };
    expect(trainLocally(quiet)).toEqual(trainLocally(quiet));
    expect(trainLocally(job, seededRandom(5))).toEqual(trainLocally(job, seededRandom(5)));
  });

  it('should draw differently through the backend and its worker thread for the same round request', async () => {
    const backend = softmaxBackend(new TrainingWorkers(0));
    const plan = penguinPlan({ clipNorm: 1, noiseMultiplier: 1 });
    const request = {
      plan,
      dataset: { type: 'TrainingData', source: 'vega-datasets/penguins', island: 'Dream' },
      global: backend.initialParams(plan),
      clipNorm: 1,
      noiseMultiplier: 1,
      seed: 8,
    };
    const [a, b] = [await backend.trainLocally({ ...request, dpSgd: true }), await backend.trainLocally({ ...request, dpSgd: true })];
    expect(largestGap(a.params, b.params)).toBeGreaterThan(1e-3);
    const [c, d] = [await backend.trainLocally(request), await backend.trainLocally(request)];
    expect(largestGap(c.params, d.params)).toBeGreaterThan(1e-3);
  });

  it('should give uniforms in [0, 1) at 53-bit resolution, and standard normals from them', () => {
    const random = secureRandom();
    const draws = Array.from({ length: 20_000 }, () => random());
    expect(draws.every((u) => u >= 0 && u < 1)).toBe(true);
    expect(draws.some((u) => !Number.isInteger(u * 2 ** 32))).toBe(true); // finer than a 32-bit generator's grid
    expect(draws.reduce((s, u) => s + u, 0) / draws.length).toBeCloseTo(0.5, 1);
    const normals = draws.slice(0, 10_000).map(() => gaussian(random));
    const sd = Math.sqrt(normals.reduce((s, v) => s + v * v, 0) / normals.length);
    expect(sd).toBeGreaterThan(0.95);
    expect(sd).toBeLessThan(1.05);
  });
});
