import { isMissing, MAX_ABS_NUMERIC, type FeatureColumn } from './training-schema.js';

const TRUE = ['true', '1', 'yes', 'y', 't'];
const FALSE = ['false', '0', 'no', 'n', 'f'];

/** The most characters of a cell a problem quotes. */
export const QUOTED_CELL_CHARS = 64;

/** A cell as a problem quotes it: its first 64 characters, then `…` when it is longer (never half a surrogate pair). */
export function quoteCell(text: string): string {
  if (text.length <= QUOTED_CELL_CHARS) return text;
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(QUOTED_CELL_CHARS - 1)) ? QUOTED_CELL_CHARS - 1 : QUOTED_CELL_CHARS;
  return `${text.slice(0, cut)}…`;
}

/** A decimal numeral: optional sign, digits with an optional point, an optional exponent. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A cell as a number: a number as it is, text only when it is a decimal numeral (after trimming), else NaN. Number()
 * alone reads `0x10` as 16, `0b1` and `0o7` too, and `Infinity`: a value the table does not say in decimal is not one.
 */
export function decimalNumber(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  const text = String(raw).trim();
  return DECIMAL.test(text) ? Number(text) : Number.NaN;
}

/** A cell read as its column's type: a number (booleans 1/0), a category, `missing`, or `invalid` (with the raw text). */
export type Cell = { ok: number | string } | { missing: true } | { invalid: string };

/** Reads one cell of a feature column (CSV text or a database value). */
export function readCell(column: FeatureColumn, raw: unknown): Cell {
  if (isMissing(raw)) return { missing: true };
  const text = String(raw).trim();
  if (column.type === 'numeric') {
    const n = decimalNumber(raw);
    return Number.isFinite(n) && Math.abs(n) <= MAX_ABS_NUMERIC ? { ok: n } : { invalid: text };
  }
  if (column.type === 'boolean') {
    const lower = text.toLowerCase();
    return TRUE.includes(lower) ? { ok: 1 } : FALSE.includes(lower) ? { ok: 0 } : { invalid: text };
  }
  return column.categories.includes(text) ? { ok: text } : { invalid: text };
}

/** The label of a row: one of the classes, missing, or invalid. */
export function readLabel(classes: readonly string[], raw: unknown): Cell {
  if (isMissing(raw)) return { missing: true };
  const text = String(raw).trim();
  return classes.includes(text) ? { ok: text } : { invalid: text };
}
