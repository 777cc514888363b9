import canonicalize from 'canonicalize';
import { denseLayers } from '../backend/mlp-layout.js';
import { isMlp } from '../backend/model-spec.js';
import type { TrainingHead } from '../training.js';
import { modelSpecOf, sha256Of, type ModelSpec } from './model-file.js';

/** Marks the export in `userDefinedMetadata.kontor.format`: the TF.js layers model of a Kontor training, version 1. */
export const TFJS_MODEL_FILE_FORMAT = 'https://w3id.org/kontor/model-file/tfjs/v1';
/**
 * Fixed strings, not the installed library's version: the file's bytes must depend only on the model, so that the hash
 * the credential names at completion stays the hash of every later export.
 */
const GENERATED_BY = 'Kontor model export (tfjs layers-model v1)';
const KERAS_VERSION = 'tfjs-layers 4.22.0';

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/**
 * The model in TensorFlow.js's own layers format as one JSON document: `model.json` (format `layers-model`,
 * `modelTopology` a Keras Sequential of Dense layers, `weightsManifest` naming one shard `weights.bin`) with that shard
 * inlined as `weightData` (base64 of the little-endian float32 weights in manifest order). Load it with
 * `tf.loadLayersModel(tf.io.fromMemory({ modelTopology, weightSpecs: weightsManifest[0].weights, weightData }))`, or
 * write `weightData` to `weights.bin` beside the rest as `model.json`. The model takes the raw inputs (`spec.features`
 * in order): the input scaling is folded into the first layer. Softmax regression is one Dense softmax layer.
 */
export interface TfjsModelFile {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: Record<string, unknown>;
  weightsManifest: [{ paths: ['weights.bin']; weights: WeightSpec[] }];
  weightData: string;
  userDefinedMetadata: { kontor: { format: typeof TFJS_MODEL_FILE_FORMAT; trainingId: string; modelHash: string; spec: ModelSpec; scalingFolded: boolean } };
}

/** [kernel (inputs × units, row-major), bias, inputs, units, activation] per Dense layer, from the flat parameters. */
function layersOf(spec: ModelSpec, params: readonly number[]): { kernel: number[]; bias: number[]; inputs: number; units: number; activation: string }[] {
  const features = spec.features.length;
  const classes = spec.classes.length;
  if (!isMlp(spec.model)) {
    const kernel: number[] = [];
    for (let j = 0; j < features; j++) for (let c = 0; c < classes; c++) kernel.push(params[c * features + j] ?? 0); // W is classes × features
    return [{ kernel, bias: params.slice(classes * features, classes * features + classes), inputs: features, units: classes, activation: 'softmax' }];
  }
  const mlp = spec.model;
  const shapes = denseLayers({ spec: mlp, features, classes });
  let offset = 0;
  return shapes.map(([inputs, units], l) => {
    const kernel = params.slice(offset, offset + inputs * units);
    const bias = params.slice(offset + inputs * units, offset + inputs * units + units);
    offset += inputs * units + units;
    return { kernel, bias, inputs, units, activation: l === shapes.length - 1 ? 'softmax' : mlp.activation };
  });
}

/** (x − mean) / std folded into the first layer: kernel[i][u] / std[i], bias[u] − Σ mean[i]·kernel[i][u] / std[i]. */
function foldScaling(first: { kernel: number[]; bias: number[]; inputs: number; units: number }, scaling: { mean: number[]; std: number[] }): void {
  for (let i = 0; i < first.inputs; i++) {
    const std = scaling.std[i] ?? 1;
    const mean = scaling.mean[i] ?? 0;
    for (let u = 0; u < first.units; u++) {
      const k = (first.kernel[i * first.units + u] ?? 0) / std;
      first.kernel[i * first.units + u] = k;
      first.bias[u] = (first.bias[u] ?? 0) - mean * k;
    }
  }
}

function denseConfig(name: string, units: number, activation: string, inputs?: number): Record<string, unknown> {
  return {
    class_name: 'Dense',
    config: {
      name,
      units,
      activation,
      use_bias: true,
      trainable: true,
      dtype: 'float32',
      kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'normal', seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
      ...(inputs === undefined ? {} : { batch_input_shape: [null, inputs] }),
    },
  };
}

const canonical = canonicalize as unknown as (value: unknown) => string;

/** The TF.js export of a training's final model, its exact bytes (RFC 8785 JSON) and their SHA-256. */
export function tfjsModelFileOf(t: TrainingHead, params: readonly number[], modelHash: (p: readonly number[]) => string): { file: TfjsModelFile; bytes: Buffer; sha256: string } {
  const spec = modelSpecOf(t);
  const layers = layersOf(spec, params);
  const first = layers[0];
  if (first && spec.scaling) foldScaling(first, spec.scaling);
  const names = layers.map((_, l) => `dense_${l + 1}`);
  const weights = layers.flatMap((layer, l): WeightSpec[] => [
    { name: `${names[l]}/kernel`, shape: [layer.inputs, layer.units], dtype: 'float32' },
    { name: `${names[l]}/bias`, shape: [layer.units], dtype: 'float32' },
  ]);
  const data = new Float32Array(layers.flatMap((layer) => [...layer.kernel, ...layer.bias]));
  const file: TfjsModelFile = {
    format: 'layers-model',
    generatedBy: GENERATED_BY,
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      keras_version: KERAS_VERSION,
      backend: 'tensor_flow.js',
      config: { name: 'kontor_model', layers: layers.map((layer, l) => denseConfig(names[l] as string, layer.units, layer.activation, l === 0 ? layer.inputs : undefined)) },
    },
    weightsManifest: [{ paths: ['weights.bin'], weights }],
    weightData: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
    userDefinedMetadata: { kontor: { format: TFJS_MODEL_FILE_FORMAT, trainingId: t.id, modelHash: modelHash(params), spec, scalingFolded: spec.scaling !== null } },
  };
  const bytes = Buffer.from(canonical(file), 'utf8');
  return { file, bytes, sha256: sha256Of(bytes) };
}
