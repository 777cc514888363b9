import { trainLocally } from './local-train.js';
import { PENGUIN_CLASSES, PENGUIN_FEATURES, PENGUIN_ISLANDS, datasetRows, featureScaling, loadPenguins } from './penguins.js';
import { encode, evaluate, parameterCount, type SoftmaxShape } from './softmax-regression.js';
import type { TrainingPlan } from '../training-plan.js';

/** The plan the demo and the tests use: softmax regression over four measurements, public scaling of the training rows. */
export function penguinPlan(overrides: Partial<TrainingPlan> = {}): TrainingPlan {
  const train = loadPenguins().filter((r) => r.split === 'train');
  const scaling = featureScaling(train);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    model: 'softmax-regression', features: PENGUIN_FEATURES, label: 'Species', classes: PENGUIN_CLASSES,
    localEpochs: 5, learningRate: 0.5, batchSize: 32, scaling: { mean: scaling.mean.map(round), std: scaling.std.map(round) }, seed: 7, ...overrides,
  };
}

const shapeOf = (plan: TrainingPlan): SoftmaxShape => ({ features: plan.features.length, classes: plan.classes.length });
const site = (island?: string) => ({ type: 'TrainingData', source: 'vega-datasets/penguins', ...(island ? { island } : {}) });

/** Test accuracy of a model over every site's held-out rows. */
export function testAccuracy(plan: TrainingPlan, params: readonly number[]): number {
  return evaluate(params, shapeOf(plan), encode(datasetRows(site(), 'test'), plan.classes, plan.scaling)).accuracy;
}

/** Centralized training on the union of the sites' rows, `epochs` epochs (the baseline the federated run is compared with). */
export function centralizedModel(plan: TrainingPlan, epochs: number, island?: string): number[] {
  const rows = encode(datasetRows(site(island), 'train'), plan.classes, plan.scaling);
  const global = new Array<number>(parameterCount(shapeOf(plan))).fill(0);
  return trainLocally({ shape: shapeOf(plan), rows, global, localEpochs: epochs, learningRate: plan.learningRate, batchSize: plan.batchSize, clipNorm: 0, noiseMultiplier: 0, seed: plan.seed }).params;
}

/** The same FedAvg as the connectors run, in one process and without governance: the bench's baseline. */
export function inProcessFedAvg(plan: TrainingPlan, rounds: number, privacy: { clipNorm: number; noiseMultiplier: number } = { clipNorm: 0, noiseMultiplier: 0 }): number[] {
  const sites = PENGUIN_ISLANDS.map((island) => encode(datasetRows(site(island), 'train'), plan.classes, plan.scaling));
  let global = new Array<number>(parameterCount(shapeOf(plan))).fill(0);
  for (let r = 1; r <= rounds; r++) {
    const updates = sites.map((rows) => ({ n: rows.length, params: trainLocally({ shape: shapeOf(plan), rows, global, localEpochs: plan.localEpochs, learningRate: plan.learningRate, batchSize: plan.batchSize, ...privacy, seed: plan.seed + r }).params }));
    const total = updates.reduce((s, u) => s + u.n, 0);
    global = global.map((_, p) => updates.reduce((s, u) => s + (u.params[p] ?? 0) * (u.n / total), 0));
  }
  return global;
}
