import type { Violation } from '../../../core/index.js';
import type { FeatureColumn, TrainingSchema } from './training-schema.js';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

/** Names every field of `value` outside `allowed` as a problem. */
export function unknownFields(value: Obj, allowed: readonly string[], pointer: string, problems: Violation[]): void {
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) problems.push({ pointer: `${pointer}/${key}`, message: `unknown field '${key}' (allowed: ${allowed.join(', ')})` });
}

function names(value: unknown, pointer: string, what: string, problems: Violation[]): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isName)) {
    problems.push({ pointer, message: `${what} must be a non-empty list of non-empty strings` });
    return [];
  }
  const seen = new Set<string>();
  for (const v of value) {
    if (seen.has(v)) problems.push({ pointer, message: `${what} lists '${v}' twice` });
    seen.add(v);
  }
  return value;
}

function feature(value: unknown, pointer: string, problems: Violation[]): FeatureColumn | undefined {
  if (!isObject(value)) return void problems.push({ pointer, message: 'a feature must be an object { name, type[, categories] }' });
  const type = value.type;
  unknownFields(value, type === 'categorical' ? ['name', 'type', 'categories'] : ['name', 'type'], pointer, problems);
  if (!isName(value.name)) problems.push({ pointer: `${pointer}/name`, message: 'must be a non-empty string' });
  const name = String(value.name);
  if (type === 'numeric' || type === 'boolean') return { name, type };
  if (type === 'categorical') return { name, type, categories: names(value.categories, `${pointer}/categories`, `the categories of '${name}'`, problems) };
  problems.push({ pointer: `${pointer}/type`, message: `unknown type '${String(type)}' (expected numeric, boolean or categorical)` });
  return undefined;
}

/** Checks a declared training schema; every problem is named (with its JSON pointer), unknown fields too. */
export function parseTrainingSchema(value: unknown, pointer: string): { schema?: TrainingSchema; problems: Violation[] } {
  const problems: Violation[] = [];
  if (!isObject(value)) return { problems: [{ pointer, message: 'the data address needs a schema { features, label, missingValues }' }] };
  unknownFields(value, ['features', 'label', 'missingValues'], pointer, problems);
  const features: FeatureColumn[] = [];
  if (!Array.isArray(value.features) || value.features.length === 0) problems.push({ pointer: `${pointer}/features`, message: 'must be a non-empty list of feature columns' });
  else value.features.forEach((f, i) => void features.push(...[feature(f, `${pointer}/features/${i}`, problems)].filter((x): x is FeatureColumn => x !== undefined)));
  const label = isObject(value.label) ? value.label : {};
  if (!isObject(value.label)) problems.push({ pointer: `${pointer}/label`, message: 'must be an object { name, classes }' });
  else unknownFields(label, ['name', 'classes'], `${pointer}/label`, problems);
  if (isObject(value.label) && !isName(label.name)) problems.push({ pointer: `${pointer}/label/name`, message: 'must be a non-empty string' });
  const classes = isObject(value.label) ? names(label.classes, `${pointer}/label/classes`, 'the label classes', problems) : [];
  if (classes.length === 1) problems.push({ pointer: `${pointer}/label/classes`, message: 'a label needs at least two classes' });
  const columns = [...features.map((f) => f.name), String(label.name)];
  for (const c of new Set(columns))
    if (columns.filter((x) => x === c).length > 1) problems.push({ pointer: `${pointer}/features`, message: `column '${c}' is declared twice (as a feature or as the label)` });
  const missing = isObject(value.missingValues) ? value.missingValues : undefined;
  // Required, never defaulted: whether a row missing a value is dropped or imputed changes what trains.
  if (!missing)
    problems.push({
      pointer: `${pointer}/missingValues`,
      message: `${value.missingValues === undefined ? 'is required: ' : 'must be '}an object { rule: 'drop' | 'impute', maxFraction? } (whether a row missing a value is left out or imputed)`,
    });
  else {
    unknownFields(missing, ['rule', 'maxFraction'], `${pointer}/missingValues`, problems);
    if (missing.rule !== 'drop' && missing.rule !== 'impute')
      problems.push({ pointer: `${pointer}/missingValues/rule`, message: `unknown rule '${String(missing.rule)}' (expected drop or impute)` });
    const max = missing.maxFraction;
    if (max !== undefined && !(typeof max === 'number' && max >= 0 && max <= 1))
      problems.push({ pointer: `${pointer}/missingValues/maxFraction`, message: 'must be a number from 0 to 1' });
  }
  if (problems.length > 0 || !missing) return { problems };
  const missingValues = { rule: missing.rule as 'drop' | 'impute', ...(missing.maxFraction === undefined ? {} : { maxFraction: missing.maxFraction as number }) };
  return { schema: { features, label: { name: String(label.name), classes }, missingValues }, problems };
}
