import { pointer } from '../../../core/index.js';
import type { Violation } from '../../../core/index.js';

/** The most rows one prediction request may carry. */
export const MAX_PREDICTION_ROWS = 1000;

/** The most problems an answer lists one by one; the rest are counted in one last violation. */
export const MAX_LISTED_PROBLEMS = 20;

/**
 * Pure: the rows of a prediction request checked against the model's inputs. Each row is an object with exactly the
 * model's input columns (the plan's features, a categorical column one-hot as `name=category`), finite numbers;
 * booleans count as 1/0. The first MAX_LISTED_PROBLEMS problems are named (JSON pointer into the body; the model's
 * inputs once, with the first unknown column), then how many more there are; the encoded rows when there is none.
 */
export function checkPredictionRows(rows: unknown, features: readonly string[]): { rows: number[][]; violations: Violation[] } {
  if (!Array.isArray(rows) || rows.length === 0) return { rows: [], violations: [{ pointer: '/rows', message: 'rows must be a non-empty array of objects' }] };
  if (rows.length > MAX_PREDICTION_ROWS)
    return { rows: [], violations: [{ pointer: '/rows', message: `at most ${MAX_PREDICTION_ROWS} rows per request (got ${rows.length}); send several batches` }] };
  const violations: Violation[] = [];
  const known = new Set(features);
  let namedInputs = false;
  const encoded = rows.map((row: unknown, i) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      violations.push({ pointer: `/rows/${i}`, message: 'a row must be an object of input column → number' });
      return [];
    }
    const r = row as Record<string, unknown>;
    for (const key of Object.keys(r))
      if (!known.has(key)) {
        const inputs = namedInputs ? '' : ` (the model's inputs: ${features.join(', ')})`;
        namedInputs = true;
        violations.push({ pointer: pointer('/rows', i, key), message: `unknown input column '${key}'${inputs}` });
      }
    return features.map((f) => {
      const v = r[f];
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      violations.push({
        pointer: pointer('/rows', i, f),
        message: v === undefined ? `missing input column '${f}'` : `'${f}' must be a finite number or a boolean`,
      });
      return 0;
    });
  });
  if (violations.length <= MAX_LISTED_PROBLEMS) return { rows: violations.length ? [] : encoded, violations };
  const more = violations.length - MAX_LISTED_PROBLEMS;
  return { rows: [], violations: [...violations.slice(0, MAX_LISTED_PROBLEMS), { pointer: '/rows', message: `and ${more} more problem(s) not listed` }] };
}
