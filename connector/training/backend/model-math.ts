import { mlpParameterCount, mlpProbabilities, initialMlpParams } from './mlp-layout.js';
import { hyperParameters, isMlp, type MlpSpec, type PlanModel } from './model-spec.js';
import type { TrainingPlan } from '../training-plan.js';
import { parameterCount, probabilities } from './softmax-regression.js';
import { forEachRow, rowCount, type TrainingRows } from './training-rows.js';

/** The plan's model as pure functions over its flat parameters (plain TypeScript: evaluation and predictions). */
export interface ModelMath {
  parameterCount: number;
  initialParams(seed: number): number[];
  probabilities(params: readonly number[], x: ArrayLike<number>): number[];
}

export function modelMath(model: PlanModel, features: number, classes: number): ModelMath {
  if (isMlp(model)) {
    const s = { spec: model, features, classes };
    return { parameterCount: mlpParameterCount(s), initialParams: (seed) => initialMlpParams(s, seed), probabilities: (p, x) => mlpProbabilities(p, s, x) };
  }
  const s = { features, classes };
  return { parameterCount: parameterCount(s), initialParams: () => new Array<number>(parameterCount(s)).fill(0), probabilities: (p, x) => probabilities(p, s, x) };
}

/** Accuracy and mean cross-entropy of a model on labelled rows. */
export function evaluateWith(math: ModelMath, params: readonly number[], rows: TrainingRows): { accuracy: number; loss: number } {
  let correct = 0;
  let loss = 0;
  const n = rowCount(rows);
  forEachRow(rows, (x, y) => {
    const p = math.probabilities(params, x);
    if (p.indexOf(Math.max(...p)) === y) correct++;
    loss -= Math.log(Math.max(p[y] ?? 0, 1e-12));
  });
  return { accuracy: n ? correct / n : NaN, loss: n ? loss / n : NaN };
}

/** What a local-training job takes from the plan: the model (an MLP spec, else softmax regression), hyper-parameters and FedProx's μ. */
export function jobSettings(plan: TrainingPlan): { model?: MlpSpec; proximalMu?: number; localEpochs: number; learningRate: number; batchSize: number } {
  const mu = plan.aggregation?.strategy === 'fedprox' ? (plan.aggregation.mu ?? 0) : 0;
  return { ...hyperParameters(plan), ...(isMlp(plan.model) ? { model: plan.model } : {}), ...(mu > 0 ? { proximalMu: mu } : {}) };
}

/** The plan's model math over its features and classes. */
export function planMath(plan: TrainingPlan): ModelMath {
  return modelMath(plan.model, plan.features.length, plan.classes.length);
}
