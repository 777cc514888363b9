import { inferredType, type ColumnProfile } from './column-profile.js';
import { DEFAULT_MAX_MISSING_FRACTION, type FeatureColumn, type TrainingSchema } from './training-schema.js';

const byCount = (p: ColumnProfile) => [...p.values.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

/**
 * A training schema from column profiles (pure): every column but the label becomes a feature of its inferred type
 * (categories in sorted order); free-text and empty columns are left out and named in `skipped`. The label's classes
 * are its values; missing values are imputed, with the default bound (or the worst column's share, if higher).
 */
export function inferSchema(profiles: readonly ColumnProfile[], label: string): { schema: TrainingSchema; skipped: string[] } {
  const skipped: string[] = [];
  const features: FeatureColumn[] = [];
  for (const p of profiles) {
    if (p.name === label) continue;
    const type = inferredType(p);
    if (type === 'numeric' || type === 'boolean') features.push({ name: p.name, type });
    else if (type === 'categorical') features.push({ name: p.name, type, categories: [...p.values.keys()].sort() });
    else skipped.push(`${p.name} (${type === 'empty' ? 'no values' : 'free text: too many distinct values'})`);
  }
  const target = profiles.find((p) => p.name === label);
  const rows = Math.max(1, ...profiles.map((p) => p.present + p.missing));
  const worst = Math.max(0, ...profiles.filter((p) => p.name !== label).map((p) => p.missing / rows));
  const maxFraction = Math.max(DEFAULT_MAX_MISSING_FRACTION, Math.ceil(worst * 100) / 100);
  const classes = target
    ? byCount(target)
        .map(([v]) => v)
        .sort()
    : [];
  return { schema: { features, label: { name: label, classes }, missingValues: { rule: 'impute', maxFraction } }, skipped };
}

/** Class balance of the label: each class with its count and share. */
export function classBalance(label: ColumnProfile): { value: string; count: number; share: number }[] {
  return byCount(label).map(([value, count]) => ({ value, count, share: count / Math.max(1, label.present) }));
}
