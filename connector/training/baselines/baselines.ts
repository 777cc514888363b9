import { applyFedAvg } from '../aggregation/fedavg.js';
import { modelHash } from '../aggregation/model-hash.js';
import { penguinDataset, type PenguinDataset, type PenguinSite } from '../data/penguin-dataset.js';
import { createModel } from '../model/create-model.js';
import { gradientDescent } from '../model/gradient-descent.js';
import type { Example } from '../model/model.js';
import { deriveSeed, seededRandom } from '../model/seeded-random.js';
import type { PrivacyDemands } from '../site/privacy-bounds.js';
import { trainLocally } from '../site/train-locally.js';

/** The defaults of federated-training.md §1.6: batch 16, lr 0.1; centralized 100 epochs; FedAvg 20 rounds × 5 epochs. */
export const BASELINE_DEFAULTS = { learningRate: 0.1, batchSize: 16, epochs: 100, rounds: 20, localEpochs: 5, seed: 7 } as const;

export interface TrainedModel {
  readonly params: Float64Array;
  readonly modelHash: string;
  /** Accuracy on the pooled test rows of all sites. */
  readonly accuracy: number;
}

export interface RoundMetrics {
  readonly round: number;
  readonly accuracy: number;
  readonly loss: number;
  readonly sites: readonly { siteId: string; sampleCount: number; updateNorm: number }[];
}

interface CommonOptions {
  dataset?: PenguinDataset;
  learningRate?: number;
  batchSize?: number;
  seed?: number;
}

function finish(dataset: PenguinDataset, params: Float64Array): TrainedModel {
  const model = createModel(dataset.spec);
  return { params, modelHash: modelHash(params, model.shape), accuracy: model.accuracy(params, dataset.test) };
}

function trainOn(dataset: PenguinDataset, rows: readonly Example[], options: CommonOptions & { epochs?: number }): TrainedModel {
  const model = createModel(dataset.spec);
  const o = { ...BASELINE_DEFAULTS, ...options };
  const params = gradientDescent(model, model.initialParameters(), rows, { epochs: o.epochs, learningRate: o.learningRate, batchSize: o.batchSize, random: seededRandom(o.seed) });
  return finish(dataset, params);
}

/** One model on every site's training rows pooled (what federation tries to match). */
export function runCentralizedBaseline(options: CommonOptions & { epochs?: number } = {}): TrainedModel {
  const dataset = options.dataset ?? penguinDataset();
  return trainOn(dataset, dataset.train, options);
}

/** One model per site on its own rows only, each scored on the pooled test rows. */
export function runSingleSiteBaselines(options: CommonOptions & { epochs?: number } = {}): { siteId: string; accuracy: number }[] {
  const dataset = options.dataset ?? penguinDataset();
  return dataset.sites.map((site) => ({ siteId: site.siteId, accuracy: trainOn(dataset, site.train, options).accuracy }));
}

/**
 * FedAvg in one process, no network and no governance: every site trains locally (trainLocally, with
 * the given privacy demands, none by default) and the deltas are averaged by sample count. The
 * reference the connector-level benchmark compares against.
 */
export function runInProcessFedAvg(options: CommonOptions & { rounds?: number; localEpochs?: number; sites?: readonly PenguinSite[]; privacy?: PrivacyDemands } = {}): TrainedModel & { rounds: RoundMetrics[] } {
  const dataset = options.dataset ?? penguinDataset();
  const o = { ...BASELINE_DEFAULTS, ...options };
  const sites = options.sites ?? dataset.sites;
  const model = createModel(dataset.spec);
  let global = model.initialParameters();
  const rounds: RoundMetrics[] = [];
  for (let round = 1; round <= o.rounds; round++) {
    const results = sites.map((site, k) => ({
      site,
      result: trainLocally({
        spec: dataset.spec, globalParams: global, rows: site.train, seed: deriveSeed(o.seed, round, k),
        plan: { localEpochs: o.localEpochs, learningRate: o.learningRate, batchSize: o.batchSize }, privacy: options.privacy ?? {},
      }),
    }));
    global = applyFedAvg(global, results.map(({ result }) => ({ values: result.update.values, sampleCount: result.sampleCount })));
    rounds.push({
      round, accuracy: model.accuracy(global, dataset.test), loss: model.loss(global, dataset.test),
      sites: results.map(({ site, result }) => ({ siteId: site.siteId, sampleCount: result.sampleCount, updateNorm: result.metrics.updateNorm })),
    });
  }
  return { ...finish(dataset, global), rounds };
}
