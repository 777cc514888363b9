import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PG_URL } from '../../../test/helpers/test-database.js';
import type { ConnectorError } from '../../../core/index.js';
import { checkOwnData } from './check-own-data.js';
import { openOwnTable } from './open-own-table.js';

// Skipped (and reported as skipped) when KONTOR_TEST_PG_URL is unset; CI always sets it.
describe.skipIf(!TEST_PG_URL)('a PostgreSQL table as own data (KONTOR_TEST_PG_URL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-pg-own-'));
  const urlFile = join(dir, 'database-url');
  const schemaName = `kontor_own_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  const schema = {
    features: [
      { name: 'age', type: 'numeric' },
      { name: 'smoker', type: 'boolean' },
      { name: 'region', type: 'categorical', categories: ['north', 'south'] },
    ],
    label: { name: 'outcome', classes: ['ill', 'well'] },
    missingValues: { rule: 'impute', maxFraction: 0.5 },
  };
  beforeAll(async () => {
    writeFileSync(urlFile, `${TEST_PG_URL ?? ''}\n`);
    await client.connect();
    await client.query(`CREATE SCHEMA ${schemaName}`);
    await client.query(`CREATE TABLE ${schemaName}.visits (age NUMERIC, smoker BOOLEAN, region TEXT, outcome TEXT)`);
    await client.query(
      `INSERT INTO ${schemaName}.visits SELECT CASE WHEN i % 7 = 0 THEN NULL ELSE 20 + i % 50 END, i % 3 = 0, CASE WHEN i % 2 = 0 THEN 'north' ELSE 'south' END, CASE WHEN i % 4 = 0 THEN 'ill' ELSE 'well' END FROM generate_series(1, 2500) AS i`,
    );
    await client.query(`CREATE VIEW ${schemaName}.bad AS SELECT age, smoker, 'west' AS region, outcome FROM ${schemaName}.visits`);
  });
  afterAll(async () => {
    await client.query(`DROP SCHEMA ${schemaName} CASCADE`);
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should stream a table in batches through a cursor, the URL read from a secret file', async () => {
    const { result } = await checkOwnData({ type: 'TrainingData', format: 'postgres', urlFile, table: `${schemaName}.visits`, schema }, openOwnTable);
    expect(result).toMatchObject({ problems: [], rows: 2500, usableRows: 2500, fill: { region: 'north' } });
  });

  it('should name the problems of a view like those of a file, and an unknown table as unreadable', async () => {
    const bad = await checkOwnData({ type: 'TrainingData', format: 'postgres', urlFile, table: `${schemaName}.bad`, schema }, openOwnTable).catch((e: unknown) => e);
    expect((bad as ConnectorError).violations.map((v) => v.message)).toEqual([expect.stringMatching(/feature 'region' .* 'west'/)]);
    const absent = await checkOwnData({ type: 'TrainingData', format: 'postgres', urlFile, table: `${schemaName}.nothing`, schema }, openOwnTable).catch((e: unknown) => e);
    expect((absent as ConnectorError).violations.map((v) => v.message)).toEqual([expect.stringMatching(/unreadable table: .*does not exist/)]);
  });
});
