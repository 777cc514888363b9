import { decimalNumber } from './cell-values.js';
import { isMissing } from './training-schema.js';

const BOOLEAN_TEXTS = ['true', 'false', 'yes', 'no', 'y', 'n', 't', 'f', '0', '1'];
/** A column with more distinct values than this (and not all numbers) is free text, not a category. */
export const MAX_CATEGORIES = 30;

/** What a pass over one column saw: counts, numbers, booleans and (up to a bound) its distinct values with their counts. */
export interface ColumnProfile {
  name: string;
  present: number;
  missing: number;
  numbers: number;
  booleans: number;
  min: number;
  max: number;
  sum: number;
  values: Map<string, number>;
  /** More distinct values than the bound: `values` stopped growing. */
  overflow: boolean;
}

export const emptyProfile = (name: string): ColumnProfile => ({
  name,
  present: 0,
  missing: 0,
  numbers: 0,
  booleans: 0,
  min: Infinity,
  max: -Infinity,
  sum: 0,
  values: new Map(),
  overflow: false,
});

/** Adds one cell to a column's profile (pure apart from updating `p`). */
export function profileCell(p: ColumnProfile, raw: unknown): void {
  if (isMissing(raw)) {
    p.missing++;
    return;
  }
  p.present++;
  const text = String(raw).trim();
  const n = decimalNumber(raw);
  if (Number.isFinite(n)) {
    p.numbers++;
    p.sum += n;
    p.min = Math.min(p.min, n);
    p.max = Math.max(p.max, n);
  }
  if (BOOLEAN_TEXTS.includes(text.toLowerCase())) p.booleans++;
  if (p.values.has(text)) p.values.set(text, (p.values.get(text) ?? 0) + 1);
  else if (p.values.size < MAX_CATEGORIES * 20) p.values.set(text, 1);
  else p.overflow = true;
}

/** The type a column's values suggest: boolean (only true/false-like values), numeric, categorical (few values) or text. */
export function inferredType(p: ColumnProfile): 'numeric' | 'boolean' | 'categorical' | 'text' | 'empty' {
  if (p.present === 0) return 'empty';
  if (p.booleans === p.present && p.values.size <= 2) return 'boolean';
  if (p.numbers === p.present) return 'numeric';
  return !p.overflow && p.values.size <= MAX_CATEGORIES ? 'categorical' : 'text';
}
