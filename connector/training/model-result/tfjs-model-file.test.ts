import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { centralizedModel, penguinPlan } from '../backend/baselines.js';
import { modelMath } from '../backend/model-math.js';
import type { TrainingPlan } from '../training-plan.js';
import type { Training } from '../training.js';
import { paramsHash } from './model-file.js';
import { tfjsModelFileOf, type TfjsModelFile } from './tfjs-model-file.js';

tf.env().set('PROD', true);

const trainingOf = (plan: TrainingPlan, global: number[]): Training => ({
  id: 'urn:uuid:t1',
  state: 'COMPLETED',
  stateCount: 1,
  stateTimestamp: 0,
  nextAttemptAt: 0,
  pending: false,
  version: 0,
  createdAt: 0,
  updatedAt: 0,
  purpose: 'https://w3id.org/kontor/purpose/research',
  plan,
  planHash: 'sha256:x',
  rounds: 1,
  currentRound: 1,
  minSites: 1,
  roundTimeoutMs: 1000,
  sites: [],
  global,
  metrics: [],
  checkpoints: [],
  rejected: [],
});

/** Raw (unscaled) rows around the plan's means: what a user of the exported model feeds it. */
const rawRows = (plan: TrainingPlan) =>
  Array.from({ length: 24 }, (_, r) => plan.features.map((_, j) => (plan.scaling.mean[j] ?? 0) + (plan.scaling.std[j] ?? 1) * Math.sin(r * 1.7 + j * 0.9) * 1.5));

/** Loads the export as an outside party would: TF.js layers from memory, nothing but the file. */
async function load(bytes: Buffer): Promise<{ model: tfl.LayersModel; file: TfjsModelFile }> {
  const file = JSON.parse(bytes.toString('utf8')) as TfjsModelFile;
  const weightData = new Uint8Array(Buffer.from(file.weightData, 'base64')).buffer;
  const model = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: file.modelTopology, weightSpecs: file.weightsManifest[0].weights, weightData }));
  return { model, file };
}

describe('the TF.js layers export', () => {
  const cases: [string, TrainingPlan, number][] = [
    ['softmax regression (one Dense softmax layer)', penguinPlan(), 10],
    [
      'an MLP (two Dense tanh layers, Dense softmax)',
      penguinPlan({ model: { type: 'mlp', hidden: [6, 5], activation: 'tanh', optimizer: 'adam', learningRate: 0.02, batchSize: 16, localEpochs: 3 } }),
      3,
    ],
  ];
  for (const [name, plan, epochs] of cases) {
    it(`should load with tf.loadLayersModel from memory and predict as the model does on raw inputs: ${name}`, async () => {
      const params = centralizedModel(plan, epochs);
      const t = trainingOf(plan, params);
      const exported = tfjsModelFileOf(t, params, paramsHash);
      const { model, file } = await load(exported.bytes);
      const rows = rawRows(plan);
      const math = modelMath(plan.model, plan.features.length, plan.classes.length);
      const expected = rows.map((x) =>
        math.probabilities(
          params,
          x.map((v, j) => (v - (plan.scaling.mean[j] ?? 0)) / (plan.scaling.std[j] ?? 1)),
        ),
      );
      const got = tf.tidy(() => (model.predict(tf.tensor2d(rows)) as tf.Tensor).arraySync() as number[][]);
      const argmax = (p: number[]) => p.indexOf(Math.max(...p));
      expect(got.map(argmax)).toEqual(expected.map(argmax));
      const gap = Math.max(...got.flatMap((p, r) => p.map((v, c) => Math.abs(v - (expected[r]?.[c] ?? Number.NaN)))));
      expect(gap).toBeLessThan(1e-5); // float32 against float64
      // The loaded weights are exactly the file's float32 values, and predictions are those of the file's own weights.
      const stored = new Float32Array(new Uint8Array(Buffer.from(file.weightData, 'base64')).buffer);
      expect(Float32Array.from(model.getWeights().flatMap((w) => Array.from(w.dataSync())))).toEqual(stored);
      const again = await load(exported.bytes);
      expect(tf.tidy(() => (again.model.predict(tf.tensor2d(rows)) as tf.Tensor).arraySync())).toEqual(got);
      expect(file.userDefinedMetadata.kontor).toMatchObject({ trainingId: t.id, modelHash: paramsHash(params), scalingFolded: true });
      model.dispose();
      again.model.dispose();
    });
  }

  it('should give the same bytes every time (the credential names their hash), and other bytes for another model', () => {
    const plan = penguinPlan();
    const params = Array.from({ length: 15 }, (_, i) => (i % 4) / 10);
    const a = tfjsModelFileOf(trainingOf(plan, params), params, paramsHash);
    expect(tfjsModelFileOf(trainingOf(plan, [...params]), params, paramsHash)).toEqual(a);
    expect(a.sha256).toMatch(/^sha256:[0-9a-f]{64}$/);
    const other = params.map((v, i) => (i === 3 ? v + 1e-3 : v));
    expect(tfjsModelFileOf(trainingOf(plan, other), other, paramsHash).sha256).not.toBe(a.sha256);
  });
});
