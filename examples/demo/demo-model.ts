import type { MlpSpec } from '../../connector/training/backend/model-spec.js';

export const DEMO_MODELS = ['softmax', 'mlp'] as const;

/** The MLP `--model mlp` trains: two hidden layers of 64 ReLU units, Adam, on TensorFlow.js. */
/** The MLP's released model is the mean of its last 5 rounds' global models (aggregation.tailAverage, docs/federated-training.md). */
export const DEMO_MLP_TAIL_AVERAGE = 5;

export const DEMO_MLP: MlpSpec = { type: 'mlp', hidden: [64, 64], activation: 'relu', optimizer: 'adam', learningRate: 0.01, batchSize: 32, localEpochs: 2 };

/** `--model softmax|mlp`: the plan's model (undefined: the source's softmax regression); anything else is refused, naming it. */
export function demoModel(value: string | undefined, epsilon: number | undefined): MlpSpec | undefined {
  const model = value ?? 'softmax';
  if (!DEMO_MODELS.includes(model as never)) throw new Error(`unknown --model '${model}' (one of ${DEMO_MODELS.join(', ')})`);
  if (model === 'mlp' && epsilon !== undefined) throw new Error('--model mlp does not run under --epsilon: DP-SGD is implemented for softmax regression only');
  return model === 'mlp' ? DEMO_MLP : undefined;
}
