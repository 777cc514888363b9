import { trainLocally } from './local-train.js';
import { dataSetOfPlan, datasetRows, PENGUINS, trainingDataAddress, type DataSet } from './data-sets.js';
import { featureScaling } from './penguins.js';
import { encode, type SoftmaxShape } from './softmax-regression.js';
import { evaluateWith, jobSettings, planMath } from './model-math.js';
import type { TrainingPlan } from '../training-plan.js';

/** Softmax regression over a data set's features, with a public scaling of its training rows (rounded, so it prints). */
export function planFor(ds: DataSet, overrides: Partial<TrainingPlan> = {}, decimals = 6): TrainingPlan {
  const scaling = featureScaling(ds.rows().filter((r) => r.split === 'train'));
  const round = (v: number) => Math.round(v * 10 ** decimals) / 10 ** decimals;
  return {
    model: 'softmax-regression',
    features: [...ds.features],
    label: ds.label,
    classes: [...ds.classes],
    localEpochs: 5,
    learningRate: 0.5,
    batchSize: 32,
    scaling: { mean: scaling.mean.map(round), std: scaling.std.map(round) },
    seed: 7,
    ...overrides,
  };
}

/** The plan the demo and the tests use: softmax regression over the penguins' four measurements. */
export function penguinPlan(overrides: Partial<TrainingPlan> = {}): TrainingPlan {
  return planFor(PENGUINS, overrides, 3);
}

const shapeOf = (plan: TrainingPlan): SoftmaxShape => ({ features: plan.features.length, classes: plan.classes.length });

/** Test accuracy of a model over every site's held-out rows. */
export function testAccuracy(plan: TrainingPlan, params: readonly number[]): number {
  return evaluateWith(planMath(plan), params, encode(datasetRows(trainingDataAddress(dataSetOfPlan(plan)), 'test'), plan.classes, plan.scaling)).accuracy;
}

/** Centralized training on the union of the sites' rows (or one site's, `part`), `epochs` epochs: the baselines. */
export function centralizedModel(plan: TrainingPlan, epochs: number, part?: string): number[] {
  const rows = encode(datasetRows(trainingDataAddress(dataSetOfPlan(plan), part), 'train'), plan.classes, plan.scaling);
  const global = planMath(plan).initialParams(plan.seed);
  const settings = jobSettings(plan);
  const model = settings.model ? { model: { ...settings.model, localEpochs: epochs } } : {};
  return trainLocally({ shape: shapeOf(plan), rows, global, ...settings, localEpochs: epochs, ...model, clipNorm: 0, noiseMultiplier: 0, seed: plan.seed }).params;
}

/** The same FedAvg as the connectors run, in one process and without governance: the bench's baseline. */
export function inProcessFedAvg(plan: TrainingPlan, rounds: number, privacy: { clipNorm: number; noiseMultiplier: number } = { clipNorm: 0, noiseMultiplier: 0 }): number[] {
  const ds = dataSetOfPlan(plan);
  const sites = ds.partitions.map((part) => encode(datasetRows(trainingDataAddress(ds, part), 'train'), plan.classes, plan.scaling));
  let global = planMath(plan).initialParams(plan.seed);
  for (let r = 1; r <= rounds; r++) {
    const updates = sites.map((rows) => ({
      n: rows.length,
      params: trainLocally({ shape: shapeOf(plan), rows, global, ...jobSettings(plan), ...privacy, seed: plan.seed + r }).params,
    }));
    const total = updates.reduce((s, u) => s + u.n, 0);
    global = global.map((_, p) => updates.reduce((s, u) => s + (u.params[p] ?? 0) * (u.n / total), 0));
  }
  return global;
}
