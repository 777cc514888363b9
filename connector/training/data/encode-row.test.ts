import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { encodeRow, standardization } from './encode-row.js';
import { openSqliteTable } from './sqlite-table.js';
import { encodedFeatureNames, schemaHash, type TrainingSchema } from './training-schema.js';
import { schemaDifferences } from './schema-difference.js';

const schema: TrainingSchema = {
  features: [
    { name: 'age', type: 'numeric' },
    { name: 'smoker', type: 'boolean' },
    { name: 'region', type: 'categorical', categories: ['north', 'south', 'west'] },
  ],
  label: { name: 'outcome', classes: ['ill', 'well'] },
  missingValues: { rule: 'impute' },
};

describe('encoding own rows for the model', () => {
  it('should one-hot a categorical feature, read booleans as 1/0 and impute or drop a missing value', () => {
    expect(encodedFeatureNames(schema)).toEqual(['age', 'smoker', 'region=north', 'region=south', 'region=west']);
    const fill = { age: 33, smoker: 1, region: 'west' };
    expect(encodeRow(schema, fill, { age: '40', smoker: 'no', region: 'south', outcome: 'ill' })).toEqual({ x: [40, 0, 0, 1, 0], label: 'ill' });
    expect(encodeRow(schema, fill, { age: '', smoker: 'NA', region: '?', outcome: 'well' })).toEqual({ x: [33, 1, 0, 0, 1], label: 'well' });
    expect(encodeRow({ ...schema, missingValues: { rule: 'drop' } }, fill, { age: '', smoker: 'yes', region: 'north', outcome: 'well' })).toBeUndefined();
    expect(encodeRow(schema, fill, { age: '1', smoker: 'yes', region: 'north', outcome: '' })).toBeUndefined();
  });

  it('should standardize numeric columns only', () => {
    const s = standardization(schema, [{ x: [10, 1, 1, 0, 0] }, { x: [30, 0, 0, 1, 0] }]);
    expect(s).toEqual({ mean: [20, 0, 0, 0, 0], std: [10, 1, 1, 1, 1] });
  });

  it('should name each difference between a plan and a schema, and none when the plan fits', () => {
    const fits = { schemaHash: schemaHash(schema), features: encodedFeatureNames(schema), label: 'outcome', classes: ['ill', 'well'] };
    expect(schemaDifferences(fits, schema)).toEqual([]);
    expect(schemaDifferences({ schemaHash: 'sha256:00', features: ['age', 'region=north', 'bmi'], label: 'status', classes: ['well', 'ill'] }, schema)).toEqual([
      expect.stringMatching(/the plan trains on schema sha256:00, this site's data has sha256:/),
      "label: the plan's is 'status', this site's is 'outcome'",
      "classes are in another order (plan: 'well', 'ill')",
      "features in the plan but not in this site's schema: 'bmi'",
      "features in this site's schema but not in the plan: 'smoker', 'region=south', 'region=west'",
    ]);
  });
});

describe('a SQLite table as own data', () => {
  it('should stream the rows of a table with its column names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kontor-sqlite-'));
    const path = join(dir, 'site.db');
    const db = new Database(path);
    db.exec("CREATE TABLE visits (age REAL, outcome TEXT); INSERT INTO visits VALUES (41, 'ill'), (NULL, 'well');");
    db.close();
    const table = await openSqliteTable(path, 'visits');
    const rows = [];
    for await (const row of table.rows) rows.push(row);
    expect(table.columns).toEqual(['age', 'outcome']);
    expect(rows).toEqual([
      { age: 41, outcome: 'ill' },
      { age: null, outcome: 'well' },
    ]);
    rmSync(dir, { recursive: true, force: true });
  });
});
