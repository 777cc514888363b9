import { ConnectorError } from '../../../core/index.js';
import type { ModelSpec } from '../model/model.js';
import { modelHash } from './model-hash.js';
import { updateDigest, type ModelUpdate } from './model-update.js';

/** A round's result as plain JSON data: enough to resume, audit, or roll back to (unlearning by retraining). */
export interface RoundCheckpoint {
  readonly round: number;
  readonly spec: ModelSpec;
  readonly shape: readonly number[];
  readonly parameters: readonly number[];
  readonly modelHash: string;
  readonly previousModelHash: string;
  readonly contributors: readonly { agreementId: string; siteId: string; sampleCount: number; updateDigest: string }[];
  readonly metrics: Readonly<Record<string, number>>;
  readonly closedAt: string;
}

export function buildCheckpoint(input: {
  round: number; spec: ModelSpec; shape: readonly number[]; params: Float64Array; previousModelHash: string;
  updates: readonly ModelUpdate[]; metrics?: Record<string, number>; closedAt: string;
}): RoundCheckpoint {
  return {
    round: input.round, spec: input.spec, shape: [...input.shape], parameters: Array.from(input.params),
    modelHash: modelHash(input.params, input.shape), previousModelHash: input.previousModelHash,
    contributors: input.updates.map(({ signature: _s, ...u }) => ({ agreementId: u.agreementId, siteId: u.siteId, sampleCount: u.sampleCount, updateDigest: updateDigest(u) })),
    metrics: { ...(input.metrics ?? {}) }, closedAt: input.closedAt,
  };
}

/** The parameters of a checkpoint, after checking that they still hash to `modelHash`. */
export function restoreCheckpoint(checkpoint: RoundCheckpoint): Float64Array {
  const params = Float64Array.from(checkpoint.parameters);
  const actual = modelHash(params, checkpoint.shape);
  if (actual !== checkpoint.modelHash) throw new ConnectorError('VALIDATION_FAILED', { detail: `checkpoint of round ${checkpoint.round}: parameters hash to ${actual}, not ${checkpoint.modelHash}` });
  return params;
}
