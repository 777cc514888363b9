import type { TrainingPlan } from '../training-plan.js';
import { encodedFeatureNames, schemaHash, type TrainingSchema } from './training-schema.js';

/**
 * Softmax regression over a site schema (as an offer shows it): the encoded features in order, the label and its
 * classes, the schema's hash, and each site standardizing its numeric features itself (`standardize: per-site`).
 */
export function planForSchema(schema: Pick<TrainingSchema, 'features' | 'label'>, overrides: Partial<TrainingPlan> = {}): TrainingPlan {
  return {
    model: 'softmax-regression',
    features: encodedFeatureNames(schema),
    label: schema.label.name,
    classes: [...schema.label.classes],
    localEpochs: 5,
    learningRate: 0.3,
    batchSize: 32,
    scaling: { mean: [], std: [] },
    standardize: 'per-site',
    seed: 7,
    schemaHash: schemaHash(schema),
    ...overrides,
  };
}
