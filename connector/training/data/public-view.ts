import { publicSchema, schemaHash, type TrainingSchema } from './training-schema.js';

/** The asset property (public, in the offer) that describes a training asset's own data without showing a row. */
export const TRAINING_DATA_PROPERTY = 'kontor:trainingData';

/** A row count rounded into a decade, so an offer tells the size class only: 0–99, 100–999, 1 000–9 999, … */
export function rowCountBucket(rows: number): { min: number; max: number } {
  const decade = rows < 100 ? 0 : 10 ** Math.floor(Math.log10(rows));
  return decade === 0 ? { min: 0, max: 99 } : { min: decade, max: decade * 10 - 1 };
}

/** What a coordinator sees of a site's own data: the schema (features, types, label, classes), its hash, the row bucket. */
export function trainingDataView(schema: TrainingSchema, rows: number): Record<string, unknown> {
  return { schema: publicSchema(schema), schemaHash: schemaHash(schema), rowCount: rowCountBucket(rows) };
}
