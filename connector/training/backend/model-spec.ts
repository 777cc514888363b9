import { ConnectorError } from '../../../core/index.js';

/**
 * A multi-layer perceptron described in the plan (trained with TensorFlow.js, tfjs-train.ts): dense hidden layers of
 * `hidden` units with `activation`, optional `dropout` after each hidden layer, a dense softmax output over the plan's
 * classes. `optimizer`, `learningRate`, `batchSize` and `localEpochs` drive each site's local training and take the
 * place of the plan's top-level values. `hidden: []` is softmax regression on TensorFlow.js.
 */
export interface MlpSpec {
  type: 'mlp';
  hidden: number[];
  activation: 'relu' | 'tanh' | 'sigmoid';
  dropout?: number;
  optimizer: 'sgd' | 'adam';
  learningRate: number;
  batchSize: number;
  localEpochs: number;
}

/** The plan's model: the plain-TypeScript softmax regression, or a JSON model spec. */
export type PlanModel = 'softmax-regression' | MlpSpec;

export const MLP_ACTIVATIONS = ['relu', 'tanh', 'sigmoid'] as const;
const FIELDS = ['type', 'hidden', 'activation', 'dropout', 'optimizer', 'learningRate', 'batchSize', 'localEpochs'];

export function isMlp(model: PlanModel): model is MlpSpec {
  return typeof model === 'object' && model !== null;
}

const positiveInt = (v: unknown, max: number) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max;

/** Every problem with a plan's model, each naming the field (empty when the model is valid). */
export function modelSpecProblems(model: unknown): string[] {
  if (model === 'softmax-regression') return [];
  if (typeof model !== 'object' || model === null || Array.isArray(model))
    return [`model must be 'softmax-regression' or an object { type: 'mlp', … }, not ${JSON.stringify(model)}`];
  const m = model as Record<string, unknown>;
  const problems = Object.keys(m)
    .filter((k) => !FIELDS.includes(k))
    .map((k) => `model.${k} is not a model field (known: ${FIELDS.join(', ')})`);
  if (m.type !== 'mlp') problems.push(`model.type must be 'mlp', not ${JSON.stringify(m.type)}`);
  if (!Array.isArray(m.hidden) || m.hidden.length > 8 || !m.hidden.every((u) => positiveInt(u, 4096)))
    problems.push('model.hidden must be a list of at most 8 layer sizes, each an integer from 1 to 4096');
  if (!MLP_ACTIVATIONS.includes(m.activation as never)) problems.push(`model.activation must be one of ${MLP_ACTIVATIONS.join(', ')}, not ${JSON.stringify(m.activation)}`);
  if (m.dropout !== undefined && !(typeof m.dropout === 'number' && m.dropout >= 0 && m.dropout < 1)) problems.push('model.dropout must be a number in [0, 1)');
  if (m.optimizer !== 'sgd' && m.optimizer !== 'adam') problems.push(`model.optimizer must be 'sgd' or 'adam', not ${JSON.stringify(m.optimizer)}`);
  if (!(typeof m.learningRate === 'number' && m.learningRate > 0 && m.learningRate <= 10)) problems.push('model.learningRate must be a number in (0, 10]');
  if (!positiveInt(m.batchSize, 100_000)) problems.push('model.batchSize must be an integer from 1 to 100000');
  if (!positiveInt(m.localEpochs, 1000)) problems.push('model.localEpochs must be an integer from 1 to 1000');
  return problems;
}

/** Throws VALIDATION_FAILED naming every problem with the plan's model. */
export function checkModelSpec(model: unknown): void {
  const problems = modelSpecProblems(model);
  if (problems.length > 0) throw new ConnectorError('VALIDATION_FAILED', { detail: `invalid model: ${problems.join('; ')}` });
}

/** The local-training hyper-parameters in force: the spec's for an MLP, else the plan's. */
export function hyperParameters(plan: { model: PlanModel; localEpochs: number; learningRate: number; batchSize: number }): {
  localEpochs: number;
  learningRate: number;
  batchSize: number;
} {
  const src = isMlp(plan.model) ? plan.model : plan;
  return { localEpochs: src.localEpochs, learningRate: src.learningRate, batchSize: src.batchSize };
}
