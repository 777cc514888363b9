import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { isMlp, type PlanModel } from '../backend/model-spec.js';
import type { TrainingHead } from '../training.js';

export const MODEL_FILE_FORMAT = 'https://w3id.org/kontor/model-file/v1';

/** What a model computes, enough to run it anywhere: softmax regression or an MLP over the named, scaled inputs. */
export interface ModelSpec {
  model: PlanModel;
  /** The model's input columns in order (a categorical schema column appears one-hot as `name=category`). */
  features: string[];
  label: string;
  classes: string[];
  /** value ↦ (value − mean) / std per input; null when each site scaled with its own rows (`standardize: per-site`). */
  scaling: { mean: number[]; std: number[] } | null;
  /**
   * Parameter layout. Softmax regression: W (classes × features, row-major), then b (classes); p = softmax(W·x + b).
   * MLP: per dense layer from the input, kernel (inputs × units, row-major), then bias (units); softmax on the last.
   */
  layout: typeof SOFTMAX_LAYOUT | typeof MLP_LAYOUT;
}

/** The model as a file: plain JSON weights with the model spec, in RFC 8785 form so that its bytes (and hash) are fixed. */
export interface ModelFile {
  format: typeof MODEL_FILE_FORMAT;
  trainingId: string;
  spec: ModelSpec;
  params: number[];
  modelHash: string;
}

export const SOFTMAX_LAYOUT = 'W[classes][features] row-major, then b[classes]';
export const MLP_LAYOUT = 'per dense layer from the input: kernel[inputs][units] row-major, then bias[units]';

const canonical = canonicalize as unknown as (value: unknown) => string;

export function modelSpecOf(t: TrainingHead): ModelSpec {
  const perSite = t.plan.standardize === 'per-site' && t.plan.scaling.mean.length === 0;
  const scaling = t.scaling ?? (perSite ? null : t.plan.scaling);
  return {
    model: t.plan.model,
    features: [...t.plan.features],
    label: t.plan.label,
    classes: [...t.plan.classes],
    scaling,
    layout: isMlp(t.plan.model) ? MLP_LAYOUT : SOFTMAX_LAYOUT,
  };
}

/** The model file of a training's final model, its exact bytes and their SHA-256 (what the provenance credential names). */
export function modelFileOf(t: TrainingHead, params: readonly number[], modelHash: (p: readonly number[]) => string): { file: ModelFile; bytes: Buffer; sha256: string } {
  const file: ModelFile = { format: MODEL_FILE_FORMAT, trainingId: t.id, spec: modelSpecOf(t), params: [...params], modelHash: modelHash(params) };
  const bytes = Buffer.from(canonical(file), 'utf8');
  return { file, bytes, sha256: `sha256:${createHash('sha256').update(bytes).digest('hex')}` };
}

export function sha256Of(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The parameters' hash as the softmax backend computes it (SHA-256 of the float64 bytes): for offline checks without a backend. */
export function paramsHash(params: readonly number[]): string {
  return sha256Of(new Uint8Array(new Float64Array(params).buffer));
}
