import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { denseLayers, type MlpShape } from './mlp-layout.js';
import { epochBatches } from './epoch-batches.js';
import type { TrainingRows } from './training-rows.js';

/** One site's local training of an MLP on TensorFlow.js (pure-JS CPU backend, float32), from the global parameters. */
export interface TfjsTrainingJob {
  shape: MlpShape;
  rows: TrainingRows;
  global: number[];
  /** FedProx: μ/2·‖w − w_global‖² added to the loss (0: plain FedAvg local training). */
  proximalMu: number;
  random: () => number;
}

function useCpu(): void {
  tf.env().set('PROD', true); // no "install tfjs-node" console banner, no debug checks
  if (tf.getBackend() !== 'cpu') void tf.setBackend('cpu'); // synchronous for the CPU backend
}

function buildModel(s: MlpShape, params: readonly number[]): tfl.Sequential {
  const layers = denseLayers(s);
  const model = tfl.sequential({
    layers: layers.map(([inputs, units], l) => tfl.layers.dense({ units, inputShape: [inputs], activation: l < layers.length - 1 ? s.spec.activation : 'linear' })),
  });
  let offset = 0;
  const weights: tf.Tensor[] = [];
  for (const [inputs, units] of layers) {
    weights.push(tf.tensor2d(params.slice(offset, offset + inputs * units) as number[], [inputs, units]));
    offset += inputs * units;
    weights.push(tf.tensor1d(params.slice(offset, offset + units) as number[]));
    offset += units;
  }
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

/**
 * Mini-batch training with the spec's optimizer (its state starts afresh every round), rows shuffled with `random`
 * (the plan's seed) and dropout masks drawn from it too, so that a round is reproducible; returns the flat parameters
 * in the layout of mlp-layout.ts. The loss is the mean softmax cross-entropy (plus FedProx's proximal term).
 */
export function trainTfjs(job: TfjsTrainingJob): number[] {
  useCpu();
  const { spec } = job.shape;
  const model = buildModel(job.shape, job.global);
  const dense = model.layers;
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const anchors = variables.map((v) => tf.keep(v.clone()));
  const optimizer = spec.optimizer === 'adam' ? tf.train.adam(spec.learningRate) : tf.train.sgd(spec.learningRate);
  const batches = epochBatches(job.rows, job.shape.features);
  const keep = 1 - (spec.dropout ?? 0);
  try {
    for (let epoch = 0; epoch < spec.localEpochs; epoch++) {
      for (const batch of batches.epoch(spec.batchSize, job.random)) {
        const features = batch.x.subarray(0, batch.length * job.shape.features);
        const labels = batch.y.subarray(0, batch.length);
        const masks = keep < 1 ? spec.hidden.map((units) => Float32Array.from({ length: batch.length * units }, () => (job.random() < keep ? 1 / keep : 0))) : [];
        tf.tidy(() => {
          const xs = tf.tensor2d(features, [batch.length, job.shape.features]);
          const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), job.shape.classes);
          optimizer.minimize(
            () => {
              let h: tf.Tensor = xs;
              dense.forEach((layer, l) => {
                h = layer.apply(h) as tf.Tensor;
                const mask = masks[l];
                if (mask) h = tf.mul(h, tf.tensor2d(mask, [batch.length, spec.hidden[l] as number]));
              });
              let loss = tf.neg(tf.mean(tf.sum(tf.mul(ys, tf.logSoftmax(h)), 1)));
              if (job.proximalMu > 0) {
                const drift = variables.map((v, i) => tf.sum(tf.square(tf.sub(v, anchors[i] as tf.Tensor))));
                loss = tf.add(loss, tf.mul(job.proximalMu / 2, tf.addN(drift)));
              }
              return loss as tf.Scalar;
            },
            false,
            variables,
          );
        });
      }
    }
    return variables.flatMap((v) => Array.from(v.dataSync()));
  } finally {
    batches.close();
    optimizer.dispose();
    tf.dispose(anchors);
    model.dispose();
  }
}
