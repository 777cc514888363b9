import { describe, expect, it } from 'vitest';
import { penguinPlan, testAccuracy } from '../../backend/baselines.js';
import { datasetRows, PENGUINS, trainingDataAddress } from '../../backend/data-sets.js';
import { trainLocally } from '../../backend/local-train.js';
import { softmaxBackend } from '../../backend/softmax-backend.js';
import { encode, parameterCount } from '../../backend/softmax-regression.js';
import { TrainingWorkers } from '../../backend/worker-runner.js';
import { aggregateUpdates } from './aggregate-updates.js';
import { checkAggregation, type AggregationPlan } from './aggregation-plan.js';
import { coordinateMedian, krum, trimmedMean } from './robust-aggregators.js';

const plan = penguinPlan();
const shape = { features: plan.features.length, classes: plan.classes.length };
/** The shipped penguins' training rows dealt round-robin to 5 sites (every site sees every species). */
const rows = encode(datasetRows(trainingDataAddress(PENGUINS), 'train'), plan.classes, plan.scaling);
const sites = [0, 1, 2, 3, 4].map((k) => rows.filter((_, i) => i % 5 === k));
const backend = softmaxBackend(new TrainingWorkers());

type Attack = (global: readonly number[], honest: readonly number[], train: (labelShift: number) => number[]) => number[];
/** Site 0 sends its honest change turned around and made 5× longer (sign flipping). */
const signFlip: Attack = (g, h) => h.map((v, p) => (g[p] ?? 0) - 5 * (v - (g[p] ?? 0)));
/** Site 0 trains on wrong labels (each species called the next) and boosts that change 10× (a scaled, model-replacement update). */
const scaled: Attack = (g, _h, train) => train(1).map((v, p) => (g[p] ?? 0) + 10 * (v - (g[p] ?? 0)));

/** 20 rounds of 5 sites in one process, the coordinator's aggregation step as it runs it; site 0 may attack. */
function federate(aggregation: AggregationPlan | undefined, attack?: Attack): number {
  let global = new Array<number>(parameterCount(shape)).fill(0);
  for (let round = 1; round <= 20; round++) {
    const updates = sites.map((siteRows, k) => {
      const train = (labelShift: number) =>
        trainLocally({
          shape,
          rows: siteRows.map((r) => ({ x: r.x, y: (r.y + labelShift) % shape.classes })),
          global,
          localEpochs: plan.localEpochs,
          learningRate: plan.learningRate,
          batchSize: plan.batchSize,
          clipNorm: 0,
          noiseMultiplier: 0,
          seed: plan.seed + round * 10 + k,
        }).params;
      const honest = train(0);
      return { params: k === 0 && attack ? attack(global, honest, train) : honest, sampleCount: siteRows.length };
    });
    global = aggregateUpdates(aggregation, updates, backend);
  }
  return testAccuracy(plan, global);
}

describe('robust aggregation over 5 penguin sites, one of them poisoning', () => {
  const clean = federate(undefined);
  it.each([
    ['sign-flipping', signFlip],
    ['scaled-update', scaled],
  ] as const)('a %s site costs trimmed mean at most 1 point, and hurts plain FedAvg', (_name, attack) => {
    expect(clean).toBeGreaterThan(0.9);
    const attackedFedAvg = federate(undefined, attack);
    const attackedTrimmed = federate({ strategy: 'trimmed-mean', trim: 1 }, attack);
    expect(clean - attackedTrimmed).toBeLessThanOrEqual(0.01);
    expect(clean - attackedFedAvg).toBeGreaterThan(0.05);
  });

  it.each([
    ['sign-flipping', signFlip],
    ['scaled-update', scaled],
  ] as const)('median and Krum also hold against the %s site (within 3 points)', (_name, attack) => {
    const median = federate({ strategy: 'median' }, attack);
    const krumAcc = federate({ strategy: 'krum', byzantine: 1 }, attack);
    expect(clean - median).toBeLessThanOrEqual(0.03);
    expect(clean - krumAcc).toBeLessThanOrEqual(0.03);
  });
});

describe('the robust rules themselves', () => {
  const u = [
    [1, 10],
    [2, 20],
    [3, 30],
    [4, 40],
    [100, -1000],
  ];
  it('median, trimmed mean and Krum on a small example', () => {
    expect(coordinateMedian(u)).toEqual([3, 20]);
    expect(coordinateMedian(u.slice(0, 4))).toEqual([2.5, 25]);
    expect(trimmedMean(u, 1)).toEqual([3, 20]);
    expect(trimmedMean(u, 2)).toEqual([3, 20]);
    expect(krum(u, 1)).toEqual([2, 20]);
    expect(() => trimmedMean(u.slice(0, 2), 1)).toThrow(/needs more than 2/);
    expect(() => krum(u.slice(0, 3), 1)).toThrow(/needs more than 3/);
  });

  it('the plan is checked: an unknown strategy is refused naming it, and so are misplaced parameters and too few sites', () => {
    const code = (f: () => void) => {
      try {
        f();
        return 'accepted';
      } catch (e) {
        return `${(e as { code: string }).code}: ${(e as { detail: string }).detail}`;
      }
    };
    expect(code(() => checkAggregation({ strategy: 'geometric-median' } as unknown as AggregationPlan, 5))).toBe(
      "VALIDATION_FAILED: unknown aggregation strategy 'geometric-median' (known: fedavg, fedprox, fedadam, fedyogi, median, trimmed-mean, krum)",
    );
    expect(code(() => checkAggregation({ strategy: 'median', trim: 1 }, 5))).toMatch(/trim applies to trimmed-mean only/);
    expect(code(() => checkAggregation({ strategy: 'trimmed-mean', trim: 2 }, 4))).toMatch(/needs at least 5 sites in every round; minSites is 4/);
    expect(code(() => checkAggregation({ strategy: 'krum' }, 4))).toMatch(/needs at least 5 sites/);
    expect(code(() => checkAggregation({ strategy: 'trimmed-mean', trim: 1 }, 3))).toBe('accepted');
    expect(code(() => checkAggregation(undefined, 1))).toBe('accepted');
  });
});
