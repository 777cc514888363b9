import { ConnectorError } from '../../../core/index.js';
import type { Model, ModelSpec } from './model.js';
import { softmaxRegression } from './softmax-regression.js';

/** Builds the model a (serialisable) spec names: the one place that maps a kind to code. */
export function createModel(spec: ModelSpec): Model {
  switch (spec.kind) {
    case 'softmax-regression':
      return softmaxRegression(spec);
    default:
      throw new ConnectorError('VALIDATION_FAILED', { detail: `unknown model kind '${String((spec as { kind?: unknown }).kind)}'` });
  }
}
