import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../../core/index.js';
import { checkOwnData } from './check-own-data.js';
import { inspectDataFile } from './inspect-table.js';
import { openOwnTable } from './open-own-table.js';
import { loadOwnRows } from './own-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const schema = {
  features: [
    { name: 'age', type: 'numeric' },
    { name: 'smoker', type: 'boolean' },
    { name: 'region', type: 'categorical', categories: ['north', 'south'] },
  ],
  label: { name: 'outcome', classes: ['ill', 'well'] },
  missingValues: { rule: 'impute', maxFraction: 0.5 },
};
const write = (name: string, outcome: string[]) => {
  const filename = join(dir, name);
  parquetWriteFile({
    filename,
    rowGroupSize: 2,
    columnData: [
      { name: 'age', data: [40, null, 30, 50, 20], type: 'DOUBLE', nullable: true },
      { name: 'smoker', data: [true, false, null, true, false], type: 'BOOLEAN', nullable: true },
      { name: 'region', data: ['north', 'south', 'south', 'north', 'south'], type: 'STRING' },
      { name: 'outcome', data: outcome, type: 'STRING' },
    ],
  });
  return { type: 'TrainingData', format: 'parquet', path: filename, schema };
};

describe('a Parquet file as own data', () => {
  it('should stream its rows group by group and pass the schema check with missing values imputed', async () => {
    const address = write('good.parquet', ['ill', 'well', 'well', 'ill', 'well']);
    const table = await openOwnTable(address as never);
    const rows = [];
    for await (const row of table.rows) rows.push(row);
    expect(table.columns).toEqual(['age', 'smoker', 'region', 'outcome']);
    expect(rows).toHaveLength(5);
    expect(rows[1]).toEqual({ age: null, smoker: false, region: 'south', outcome: 'well' });
    expect((await checkOwnData(address, openOwnTable)).result).toMatchObject({ problems: [], rows: 5, usableRows: 5, fill: { age: 35, smoker: 0, region: 'south' } });
    const own = await loadOwnRows(address);
    expect([...own.train, ...own.test]).toHaveLength(5);
  });

  it('should name an unknown class in a Parquet file like in a CSV file', async () => {
    const error = await checkOwnData(write('bad.parquet', ['ill', 'well', 'dead', 'ill', 'well']), openOwnTable).catch((e: unknown) => e);
    expect((error as ConnectorError).code).toBe('TRAINING_DATA_INVALID');
    expect((error as ConnectorError).violations.map((v) => v.message)).toEqual([expect.stringMatching(/unknown class: 1 value\(s\) of label 'outcome' .* 'dead' \(data rows 3\)/)]);
  });

  it('should be profiled by kontor data inspect, which prints a parquet data address its file passes', async () => {
    const { path } = write('inspect.parquet', ['ill', 'well', 'well', 'ill', 'well']);
    const report = await inspectDataFile(path, 'outcome');
    expect(report).toMatch(/^age\s+numeric\s+1 \(20\.0%\)/m);
    const address = JSON.parse(report.slice(report.indexOf('{'), report.indexOf('\n}\n') + 2)) as Record<string, unknown>;
    expect(address).toMatchObject({
      format: 'parquet',
      path,
      schema: {
        features: [
          { name: 'age', type: 'numeric' },
          { name: 'smoker', type: 'boolean' },
          { name: 'region', type: 'categorical', categories: ['north', 'south'] },
        ],
      },
    });
    expect((await checkOwnData(address, openOwnTable)).result.rows).toBe(5);
  });
});
