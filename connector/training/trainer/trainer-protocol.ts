import { ConnectorError } from '../../../core/index.js';
import type { TrainingPlan } from '../training-plan.js';

/** The version every request names; a trainer refuses a version it does not speak. */
export const TRAINER_PROTOCOL = 'kontor-trainer/1';

/**
 * One request to a site's own trainer (JSON, one line on its stdin). `dataset` is the training asset's private data
 * address as the site's operator wrote it: the trainer reads its own data. `global` is the model to start from.
 */
export type TrainerRequest =
  | { protocol: typeof TRAINER_PROTOCOL; method: 'fit'; plan: TrainingPlan; dataset: Record<string, unknown>; global: number[]; seed: number }
  | { protocol: typeof TRAINER_PROTOCOL; method: 'evaluate'; plan: TrainingPlan; dataset: Record<string, unknown>; global: number[] };

export interface FitAnswer {
  params: number[];
  sampleCount: number;
  metrics: { loss: number; accuracy: number };
}

export interface EvaluateAnswer {
  sampleCount: number;
  accuracy: number;
  loss: number;
}

type Json = Record<string, unknown>;
const refuse = (detail: string): never => {
  throw new ConnectorError('PEER_REJECTED', { detail: `the site's trainer: ${detail}` });
};
const finite = (v: unknown, name: string): number => (typeof v === 'number' && Number.isFinite(v) ? v : refuse(`${name} must be a finite number`));
const count = (v: unknown): number => (Number.isInteger(v) && (v as number) > 0 ? (v as number) : refuse('sampleCount must be a positive integer'));
const only = (o: Json, fields: readonly string[], what: string) => {
  const extra = Object.keys(o).filter((k) => !fields.includes(k));
  if (extra.length > 0) refuse(`${what} has unknown fields: ${extra.join(', ')}`);
};
const object = (v: unknown, what: string): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : refuse(`${what} must be a JSON object`));

/** Checks a fit answer: exactly the model's number of parameters, all finite; nothing unknown is accepted. */
export function readFitAnswer(raw: unknown, parameterCount: number): FitAnswer {
  const o = object(raw, 'the fit answer');
  only(o, ['params', 'sampleCount', 'metrics'], 'the fit answer');
  if (!Array.isArray(o.params) || o.params.length !== parameterCount) refuse(`params must be an array of ${parameterCount} numbers`);
  const params = (o.params as unknown[]).map((v, i) => finite(v, `params[${i}]`));
  const m = object(o.metrics, 'metrics');
  only(m, ['loss', 'accuracy'], 'metrics');
  return { params, sampleCount: count(o.sampleCount), metrics: { loss: finite(m.loss, 'metrics.loss'), accuracy: finite(m.accuracy, 'metrics.accuracy') } };
}

/** Checks an evaluate answer. */
export function readEvaluateAnswer(raw: unknown): EvaluateAnswer {
  const o = object(raw, 'the evaluate answer');
  only(o, ['sampleCount', 'accuracy', 'loss'], 'the evaluate answer');
  return { sampleCount: count(o.sampleCount), accuracy: finite(o.accuracy, 'accuracy'), loss: finite(o.loss, 'loss') };
}
