import { ConnectorError } from '../../../core/index.js';
import { BREAST_CANCER_CLASSES, BREAST_CANCER_FEATURES, BREAST_CANCER_HOSPITALS, loadBreastCancer } from './breast-cancer.js';
import { PENGUIN_CLASSES, PENGUIN_FEATURES, PENGUIN_ISLANDS, loadPenguins, type Example } from './penguins.js';

type Split = 'train' | 'test';

/** A tabular data set a site can train on: where it comes from, how it is split over sites, what the plan names. */
export interface DataSet {
  readonly name: 'penguins' | 'breast-cancer';
  /** `dataAddress.source` of a training asset over it. */
  readonly source: string;
  /** The data-address field that picks a site's part (`island`, `hospital`), and the parts. */
  readonly partitionKey: string;
  readonly partitions: readonly string[];
  readonly features: readonly string[];
  readonly classes: readonly string[];
  readonly label: string;
  rows(): readonly (Example & { part: string; split: Split })[];
}

export const PENGUINS: DataSet = {
  name: 'penguins',
  source: 'vega-datasets/penguins',
  partitionKey: 'island',
  partitions: PENGUIN_ISLANDS,
  features: PENGUIN_FEATURES,
  classes: PENGUIN_CLASSES,
  label: 'Species',
  rows: () => loadPenguins().map((r) => ({ x: r.x, label: r.label, part: r.island, split: r.split })),
};

export const BREAST_CANCER: DataSet = {
  name: 'breast-cancer',
  source: 'uci/breast-cancer-wisconsin',
  partitionKey: 'hospital',
  partitions: BREAST_CANCER_HOSPITALS,
  features: BREAST_CANCER_FEATURES,
  classes: BREAST_CANCER_CLASSES,
  label: 'diagnosis',
  rows: () => loadBreastCancer().map((r) => ({ x: r.x, label: r.label, part: r.hospital, split: r.split })),
};

export const DATA_SETS: readonly DataSet[] = [PENGUINS, BREAST_CANCER];

/** The private data address of a training asset over one part (or all) of a data set. */
export function trainingDataAddress(ds: DataSet, part?: string): Record<string, unknown> {
  return { type: 'TrainingData', source: ds.source, ...(part === undefined ? {} : { [ds.partitionKey]: part }) };
}

/** A site's rows as its training asset's data address names them, e.g. `{type: 'TrainingData', source, island}`. */
export function datasetRows(spec: Record<string, unknown>, split: Split): Example[] {
  const ds = DATA_SETS.find((d) => d.source === spec.source);
  if (spec.type !== 'TrainingData' || !ds) {
    throw new ConnectorError('VALIDATION_FAILED', {
      detail: `unsupported training data source (expected TrainingData from ${DATA_SETS.map((d) => d.source).join(' or ')}, or own data with a format: csv, parquet, sqlite)`,
    });
  }
  const part = spec[ds.partitionKey];
  if (part !== undefined && !ds.partitions.includes(String(part)))
    throw new ConnectorError('VALIDATION_FAILED', { detail: `unknown ${ds.partitionKey} '${String(part)}' in ${ds.source}` });
  return ds
    .rows()
    .filter((r) => r.split === split && (part === undefined || r.part === part))
    .map(({ x, label }) => ({ x, label }));
}

/** The data set a plan trains on (by its label and classes). */
export function dataSetOfPlan(plan: { label: string }): DataSet {
  return DATA_SETS.find((d) => d.label === plan.label) ?? PENGUINS;
}
