import type { Example, ModelSpec } from '../model/model.js';
import { featureStatistics, mergeStatistics, scalingFrom, standardize, type FeatureScaling } from './feature-scaling.js';
import { FEATURE_NAMES, ISLANDS, SPECIES, loadPenguins, type Island, type Penguin } from './penguins.js';
import { splitTrainTest } from './train-test-split.js';

/** One data site: the records of one island, already split. In the product these rows never leave the site. */
export interface PenguinSite {
  readonly siteId: Island;
  readonly train: Example[];
  readonly test: Example[];
}

export interface PenguinDataset {
  readonly spec: ModelSpec;
  /** Fitted on the training rows only (see below); the plan carries it to every site. */
  readonly scaling: FeatureScaling;
  readonly sites: PenguinSite[];
  readonly train: Example[];
  readonly test: Example[];
}

export interface PenguinDatasetOptions {
  seed?: number;
  testShare?: number;
}

export const PENGUIN_SPEC: ModelSpec = { kind: 'softmax-regression', features: FEATURE_NAMES.length, classes: SPECIES.length };

const byIsland = (rows: readonly Penguin[], island: Island) => rows.filter((r) => r.island === island);

/**
 * The penguins as a federated data set: three sites by island (a natural, label-skewed split: Torgersen
 * holds only Adelie). Standardisation choice: each site computes (n, Σx, Σx²) over its own *training*
 * rows, the coordinator adds them up (a federated statistics round) and the resulting mean/std go into
 * the plan as a public, agreed scaling. That equals standardising the pooled training rows exactly, so
 * centralized and federated runs see the same features; test rows never influence it. What a site
 * reveals by this is its n and per-feature sums, no rows.
 */
export function penguinDataset(options: PenguinDatasetOptions = {}): PenguinDataset {
  const split = splitTrainTest(loadPenguins(), { seed: options.seed ?? 42, testShare: options.testShare ?? 0.3 });
  const siteStats = ISLANDS.map((island) => featureStatistics(byIsland(split.train, island).map((r) => r.features), FEATURE_NAMES.length));
  const scaling = scalingFrom(mergeStatistics(siteStats));
  const encode = (rows: readonly Penguin[]): Example[] => rows.map((r) => ({ x: standardize(r.features, scaling), y: SPECIES.indexOf(r.species) }));
  const sites = ISLANDS.map((island) => ({ siteId: island, train: encode(byIsland(split.train, island)), test: encode(byIsland(split.test, island)) }));
  return { spec: PENGUIN_SPEC, scaling, sites, train: sites.flatMap((s) => s.train), test: sites.flatMap((s) => s.test) };
}
