import { describe, expect, it } from 'vitest';
import { SchemaCheck } from './schema-check.js';
import type { TrainingSchema } from './training-schema.js';

const schema: TrainingSchema = {
  features: [
    { name: 'dose', type: 'numeric' },
    { name: 'smoker', type: 'boolean' },
    { name: 'region', type: 'categorical', categories: ['north', 'south', 'east'] },
  ],
  label: { name: 'outcome', classes: ['ill', 'well'] },
  missingValues: { rule: 'impute' },
};

describe('the streamed schema check', () => {
  it('holds no numeric values: whatever the row count, it keeps at most the declared categories, booleans and classes', () => {
    const check = new SchemaCheck(schema);
    check.columns(['dose', 'smoker', 'region', 'outcome']);
    const regions = ['north', 'south', 'east'];
    for (let i = 0; i < 5000; i++)
      check.add({ dose: String(i * 1.25 + 0.001), smoker: i % 2 === 0 ? 'true' : 'false', region: regions[i % 3], outcome: i % 5 === 0 ? 'ill' : 'well' });
    expect(check.heldValues()).toBeLessThanOrEqual(3 + 2 + 2);
    const result = check.finish();
    expect(result.problems).toEqual([]);
    expect(result.rows).toBe(5000);
    expect(result.fill.dose).toBeCloseTo((4999 * 1.25) / 2 + 0.001, 6);
    expect(result.fill.region).toBe('north');
  });

  it('imputes a numeric mean over the present values only', () => {
    const check = new SchemaCheck(schema);
    check.columns(['dose', 'smoker', 'region', 'outcome']);
    for (const dose of ['1', '', '3', 'NA']) check.add({ dose, smoker: 'true', region: 'east', outcome: 'well' });
    expect(check.finish().fill.dose).toBe(2);
  });

  it('quotes an invalid cell by its first 64 characters only, however long it is', () => {
    const check = new SchemaCheck(schema);
    check.columns(['dose', 'smoker', 'region', 'outcome']);
    const long = `${'q'.repeat(64)}${'z'.repeat(500_000)}`;
    check.add({ dose: long, smoker: 'true', region: 'east', outcome: 'well' });
    check.add({ dose: '1', smoker: 'true', region: `${'r'.repeat(100)}`, outcome: 'well' });
    const messages = check.finish().problems.map((p) => p.message);
    expect(messages[0]).toContain(`e.g. '${'q'.repeat(64)}…' (data rows 1)`);
    expect(messages[1]).toContain(`e.g. '${'r'.repeat(64)}…' (data rows 2)`);
    expect(messages.join('').length).toBeLessThan(600);
  });

  it('refuses a header that names a column the schema reads twice, compared trimmed, whatever reader gave it (Parquet, SQLite, PostgreSQL)', () => {
    const check = new SchemaCheck(schema);
    check.columns(['dose', 'smoker', 'region', 'outcome', 'note', ' region', 'note', 'outcome']);
    check.add({ dose: '1', smoker: 'true', region: 'east', outcome: 'well' });
    expect(check.finish().problems.map((p) => `${p.pointer} ${p.message}`)).toEqual([
      "/dataAddress/path ambiguous header: the column 'region' is named more than once (names compared trimmed): give every column its own name",
      "/dataAddress/path ambiguous header: the column 'outcome' is named more than once (names compared trimmed): give every column its own name",
    ]);
  });

  // Review: a spreadsheet's trailing empty columns (',,') or a repeated column the schema never reads were refused.
  it('accepts repeated names of columns the schema does not read: empty trailing columns, a second note', () => {
    const check = new SchemaCheck(schema);
    check.columns(['dose', 'smoker', 'region', 'outcome', 'note', 'note', '', '']);
    check.add({ dose: '1', smoker: 'true', region: 'east', outcome: 'well' });
    expect(check.finish().problems).toEqual([]);
  });

  it('reads numbers in decimal only: a database text cell 0x10 is not 16, a number cell is taken as it is', () => {
    const check = new SchemaCheck(schema);
    check.columns(['dose', 'smoker', 'region', 'outcome']);
    for (const dose of ['0x10', '0B1', '0o7', '1_000', 12.5, '2.5e1']) check.add({ dose, smoker: 'true', region: 'east', outcome: 'well' });
    const { problems, fill } = check.finish();
    expect(problems.map((p) => p.message)).toEqual(["wrong type: 4 value(s) of feature 'dose' are not a number within ±1e100, e.g. '0x10', '0B1', '0o7' (data rows 1, 2, 3)"]);
    expect(fill.dose).toBe(18.75);
  });

  it('refuses numbers above 1e100 in absolute value, as it refuses Infinity: their squares would overflow', () => {
    const check = new SchemaCheck(schema);
    check.columns(['dose', 'smoker', 'region', 'outcome']);
    for (const dose of ['1e100', '-1e100', '1.5e308', '-2e101', 'Infinity']) check.add({ dose, smoker: 'true', region: 'east', outcome: 'well' });
    const { problems, usableRows } = check.finish();
    expect(usableRows).toBe(2);
    expect(problems.map((p) => p.message)).toEqual([
      "wrong type: 3 value(s) of feature 'dose' are not a number within ±1e100, e.g. '1.5e308', '-2e101', 'Infinity' (data rows 3, 4, 5)",
    ]);
  });
});
