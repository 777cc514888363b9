import { resolve } from 'node:path';
import { ConnectorError } from '../../../core/index.js';
import { inferredType, type ColumnProfile } from './column-profile.js';
import { fileFormat, profileFiles } from './profile-files.js';
import { classBalance, inferSchema } from './infer-schema.js';
import { planForSchema } from './plan-for-schema.js';
import { schemaHash } from './training-schema.js';

const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;
const round = (v: number) => Math.round(v * 1000) / 1000;

function describeValues(p: ColumnProfile, type: string): string {
  if (type === 'numeric') return `min ${round(p.min)}, max ${round(p.max)}, mean ${round(p.sum / Math.max(1, p.numbers))}`;
  if (type === 'text' || type === 'empty') return `${p.overflow ? 'many' : p.values.size} distinct values`;
  return [...p.values.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
}

/** The data address as JSON, one feature per line. */
function pasteable(address: { schema: { features: unknown[]; label: unknown; missingValues: unknown } } & Record<string, unknown>): string {
  const { schema, ...rest } = address;
  const head = Object.entries(rest)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(', ');
  const features = schema.features.map((f) => `      ${JSON.stringify(f)}`).join(',\n');
  return `{\n  ${head},\n  "schema": {\n    "features": [\n${features}\n    ],\n    "label": ${JSON.stringify(schema.label)},\n    "missingValues": ${JSON.stringify(schema.missingValues)}\n  }\n}`;
}

/**
 * `kontor data inspect`: profiles a CSV or Parquet file offline in one streamed pass (columns, inferred types, missing values,
 * class balance of the label, by default the last column) and renders a data address with a schema ready to paste
 * into a training asset. Nothing leaves the machine.
 */
export async function inspectDataFile(file: string, label?: string, delimiter?: string): Promise<string> {
  return (await inspectDataTable(file, label, delimiter)).report;
}

/** `inspectDataFile`, with the data address it prints; a header that names a column twice is refused (columns are profiled by name). */
export async function inspectDataTable(
  file: string,
  label?: string,
  delimiter?: string,
): Promise<{ report: string; address: { type: string } & Record<string, unknown>; rows: number }> {
  const path = resolve(file);
  const { columns, rows, profiles } = await profileFiles([path], delimiter);
  const twice = [...new Set(columns.filter((c, i) => columns.indexOf(c) !== i))];
  if (twice.length > 0)
    throw new ConnectorError('VALIDATION_FAILED', { detail: `${path} names ${twice.map((c) => `'${c}'`).join(', ')} twice in its header: give every column its own name` });
  const target = label ?? columns.at(-1) ?? '';
  const labelProfile = profiles.find((p) => p.name === target);
  if (!labelProfile) throw new ConnectorError('VALIDATION_FAILED', { detail: `no column '${target}' in ${path} (columns: ${columns.join(', ')})` });
  const { schema, skipped } = inferSchema(profiles, target);
  const width = Math.max(6, ...columns.map((c) => c.length)) + 2;
  const lines = [`file: ${path} (${rows} data rows, ${columns.length} columns)`, '', `${'column'.padEnd(width)}${'type'.padEnd(13)}${'missing'.padEnd(16)}values`];
  for (const p of profiles) {
    const type = p.name === target ? 'label' : inferredType(p);
    lines.push(`${p.name.padEnd(width)}${type.padEnd(13)}${`${p.missing} (${pct(p.missing, rows)})`.padEnd(16)}${describeValues(p, type === 'label' ? 'categorical' : type)}`);
  }
  lines.push(
    '',
    `class balance of '${target}': ${classBalance(labelProfile)
      .map((c) => `${c.value} ${c.count} (${pct(c.count, labelProfile.present)})`)
      .join(', ')}`,
  );
  if (labelProfile.missing > 0) lines.push(`rows without a label (always left out): ${labelProfile.missing}`);
  if (skipped.length > 0) lines.push(`left out of the schema: ${skipped.join('; ')}`);
  const format = fileFormat(path);
  const address = { type: 'TrainingData', format, path, ...(format === 'csv' && delimiter && delimiter !== ',' ? { delimiter } : {}), schema };
  const plan = planForSchema(schema, { standardize: 'federated' });
  lines.push('', 'data address of a training asset (check the types and categories, then paste it as "dataAddress"):', pasteable(address), '', `schemaHash: ${schemaHash(schema)}`);
  lines.push('', 'a training plan over this schema (softmax regression, federated scaling; pin its hash as fl:planHash):', JSON.stringify(plan));
  return { report: `${lines.join('\n')}\n`, address, rows };
}
