import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** One feature column of a site's own table, as its training asset declares it. */
export type FeatureColumn = { name: string; type: 'numeric' } | { name: string; type: 'boolean' } | { name: string; type: 'categorical'; categories: string[] };

/**
 * What a training asset over a site's own table declares: its feature columns with their types, the label column
 * and its classes, and what to do with missing values (`drop` the row, or `impute` the mean of a numeric column and
 * the mode of the others); a column with more than `maxFraction` of its values missing is refused.
 */
export interface TrainingSchema {
  features: FeatureColumn[];
  label: { name: string; classes: string[] };
  missingValues: { rule: 'drop' | 'impute'; maxFraction?: number };
}

/** The bound on missing values per column when the schema gives none. */
export const DEFAULT_MAX_MISSING_FRACTION = 0.2;

/**
 * The largest absolute value a numeric cell may hold (1e100): larger finite values are refused like text, since
 * their squares summed for the feature statistics (and pooled over sites) would overflow to Infinity.
 */
export const MAX_ABS_NUMERIC = 1e100;
/** The bound as problems write it. */
export const MAX_ABS_NUMERIC_TEXT = '1e100';

/** Cell texts read as a missing value (compared case-insensitively, after trimming). */
export const MISSING_TEXTS = ['', 'na', 'n/a', 'nan', 'null', '?'];

export const isMissing = (cell: unknown): boolean => cell === null || cell === undefined || MISSING_TEXTS.includes(String(cell).trim().toLowerCase());

/** The part of a schema two sites must agree on to train one model: features with their types, label and classes. */
export function publicSchema(schema: Pick<TrainingSchema, 'features' | 'label'>): Pick<TrainingSchema, 'features' | 'label'> {
  return { features: schema.features, label: schema.label };
}

const canonical = canonicalize as unknown as (value: unknown) => string;

/** `sha256:<hex>` of the RFC 8785 JSON of the public schema (the missing-value rule is the site's own business). */
export function schemaHash(schema: Pick<TrainingSchema, 'features' | 'label'>): string {
  return `sha256:${createHash('sha256')
    .update(canonical(publicSchema(schema)))
    .digest('hex')}`;
}

/** The model's input columns in order: a numeric or boolean feature gives one, a categorical one per category (`name=category`). */
export function encodedFeatureNames(schema: Pick<TrainingSchema, 'features'>): string[] {
  return schema.features.flatMap((f) => (f.type === 'categorical' ? f.categories.map((c) => `${f.name}=${c}`) : [f.name]));
}
