import type { Violation } from '../../../core/index.js';
import { quoteCell, readCell, readLabel } from './cell-values.js';
import { DEFAULT_MAX_MISSING_FRACTION, MAX_ABS_NUMERIC_TEXT, type FeatureColumn, type TrainingSchema } from './training-schema.js';

interface ColumnTally {
  missing: number;
  invalid: number;
  examples: string[];
  rows: number[];
  sum: number;
  /** Present (valid) values. */
  present: number;
  /** Per value, how often it occurs: categorical, boolean and label columns only (their values are bounded), for the mode. */
  counts: Map<string | number, number>;
}

/** What a pass over the rows found: every problem, the row count, and the values that impute a missing cell. */
export interface CheckResult {
  problems: Violation[];
  rows: number;
  /** Rows left after the missing-value rule. */
  usableRows: number;
  /** Per feature: the mean (numeric) or the mode (boolean 1/0, categorical) of its present values. */
  fill: Record<string, number | string>;
}

const kind = (c: FeatureColumn) =>
  c.type === 'numeric'
    ? `a number within ±${MAX_ABS_NUMERIC_TEXT}`
    : c.type === 'boolean'
      ? 'a boolean (true/false, 1/0, yes/no)'
      : `one of its categories (${c.categories.join(', ')})`;

/**
 * Checks a table against a training schema while its rows stream past (pure: fed by the caller). `finish` names
 * every problem at once: missing columns, values of the wrong type, unknown categories or classes, an empty table,
 * columns with more missing values than the schema allows, and no complete row left.
 */
export class SchemaCheck {
  private readonly tallies = new Map<string, ColumnTally>();
  private readonly absent: string[] = [];
  /** Column names the schema reads that the header gives more than once (compared trimmed). */
  private twice: string[] = [];
  private rows = 0;
  private usable = 0;
  /** Numeric features: imputed with their mean, so their values are summed, never kept (memory stays bounded). */
  private readonly numeric: Set<string>;

  constructor(
    private readonly schema: TrainingSchema,
    private readonly pointer = '/dataAddress',
  ) {
    for (const c of [...schema.features.map((f) => f.name), schema.label.name])
      this.tallies.set(c, { missing: 0, invalid: 0, examples: [], rows: [], sum: 0, present: 0, counts: new Map() });
    this.numeric = new Set(schema.features.filter((f) => f.type === 'numeric').map((f) => f.name));
  }

  /** How many distinct values the check holds: bounded by the categories and classes the schema declares, whatever the row count. */
  heldValues(): number {
    return [...this.tallies.values()].reduce((n, t) => n + t.counts.size, 0);
  }

  columns(header: readonly string[]): void {
    for (const c of this.tallies.keys()) if (!header.includes(c)) this.absent.push(c);
    // A name the schema reads given twice is ambiguous: rows are read by name, and a reader keeps one of the cells (CSV:
    // the last) unseen. Columns the schema never reads may repeat (a spreadsheet's trailing empty columns, a second `note`).
    const names = header.map((c) => c.trim());
    this.twice = [...new Set(names.filter((c, i) => names.indexOf(c) !== i && this.tallies.has(c)))];
  }

  add(row: Record<string, unknown>): void {
    this.rows++;
    let complete = true;
    const cells = [
      ...this.schema.features.map((f) => ({ name: f.name, cell: readCell(f, row[f.name]) })),
      { name: this.schema.label.name, cell: readLabel(this.schema.label.classes, row[this.schema.label.name]) },
    ];
    for (const { name, cell } of cells) {
      if (this.absent.includes(name)) continue;
      const t = this.tallies.get(name) as ColumnTally;
      if ('missing' in cell) {
        t.missing++;
        if (this.schema.missingValues.rule === 'drop' || name === this.schema.label.name) complete = false;
      } else if ('invalid' in cell) {
        t.invalid++;
        complete = false;
        // Quoted shortened: a cell may be long (up to a CSV record's bound, or any length from a database).
        const quoted = quoteCell(cell.invalid);
        if (t.examples.length < 3 && !t.examples.includes(quoted)) t.examples.push(quoted);
        if (t.rows.length < 3) t.rows.push(this.rows);
      } else {
        t.present++;
        if (typeof cell.ok === 'number') t.sum += cell.ok;
        if (!this.numeric.has(name)) t.counts.set(cell.ok, (t.counts.get(cell.ok) ?? 0) + 1);
      }
    }
    if (complete) this.usable++;
  }

  finish(): CheckResult {
    const p = this.pointer;
    const problems: Violation[] = this.absent.map((c) => ({ pointer: `${p}/schema`, message: `missing column '${c}': the table has no such column` }));
    for (const c of this.twice)
      problems.push({
        pointer: `${p}/path`,
        message: `ambiguous header: the column '${quoteCell(c)}' is named more than once (names compared trimmed): give every column its own name`,
      });
    if (this.rows === 0) problems.push({ pointer: `${p}/path`, message: 'empty table: no data rows' });
    const max = this.schema.missingValues.maxFraction ?? DEFAULT_MAX_MISSING_FRACTION;
    const fill: Record<string, number | string> = {};
    for (const [name, t] of this.tallies) {
      if (this.absent.includes(name)) continue;
      const feature = this.schema.features.find((f) => f.name === name);
      if (t.invalid > 0) {
        const what = feature
          ? `wrong type: ${t.invalid} value(s) of feature '${name}' are not ${kind(feature)}`
          : `unknown class: ${t.invalid} value(s) of label '${name}' are not among its classes (${this.schema.label.classes.join(', ')})`;
        problems.push({ pointer: `${p}/schema`, message: `${what}, e.g. ${t.examples.map((e) => `'${e}'`).join(', ')} (data rows ${t.rows.join(', ')})` });
      }
      if (this.rows > 0 && t.missing / this.rows > max)
        problems.push({
          pointer: `${p}/schema/missingValues`,
          message: `too many missing values: column '${name}' misses ${t.missing} of ${this.rows} values (more than maxFraction ${max})`,
        });
      const present = t.present;
      const mode = [...t.counts.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))[0]?.[0];
      if (feature) fill[name] = feature.type === 'numeric' ? (present ? t.sum / present : 0) : (mode ?? (feature.type === 'boolean' ? 0 : (feature.categories[0] ?? '')));
    }
    if (this.rows > 0 && this.usable === 0 && problems.length === 0)
      problems.push({ pointer: `${p}/schema/missingValues`, message: 'no usable row: every row misses a value the rule drops it for' });
    return { problems, rows: this.rows, usableRows: this.usable, fill };
  }
}
