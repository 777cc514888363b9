import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeClinicCsvs } from '../../../test/helpers/clinic-csv.js';
import { checkOwnData } from './check-own-data.js';
import { inspectDataFile } from './inspect-table.js';
import { openOwnTable } from './open-own-table.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const [clinic] = writeClinicCsvs(dir, ['harbour'], 200);
const addressIn = (report: string) => JSON.parse(report.slice(report.indexOf('{'), report.indexOf('\n}\n') + 2)) as Record<string, unknown>;

describe('kontor data inspect', () => {
  it('should profile columns, types, missing values and class balance, and print a schema the file passes', async () => {
    const report = await inspectDataFile(clinic as string, 'risk');
    expect(report).toMatch(/\(200 data rows, 5 columns\)/);
    expect(report).toMatch(/^age\s+numeric\s+\d+ \(\d+\.\d%\)\s+min \d+, max \d+, mean/m);
    expect(report).toMatch(/^smoker\s+boolean\s+/m);
    expect(report).toMatch(/^region\s+categorical\s+0 \(0\.0%\)\s+north \d+/m);
    expect(report).toMatch(/^class balance of 'risk': (high|low) \d+ \(\d+\.\d%\), (high|low) \d+/m);
    const address = addressIn(report);
    expect(address).toMatchObject({
      type: 'TrainingData',
      format: 'csv',
      path: clinic,
      schema: {
        features: [
          { name: 'age', type: 'numeric' },
          { name: 'bmi', type: 'numeric' },
          { name: 'smoker', type: 'boolean' },
          { name: 'region', type: 'categorical', categories: ['east', 'north', 'south'] },
        ],
        label: { name: 'risk', classes: ['high', 'low'] },
        missingValues: { rule: 'impute' },
      },
    });
    expect((await checkOwnData(address, openOwnTable)).result.rows).toBe(200);
    const plan = JSON.parse(report.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
    expect(plan).toMatchObject({
      features: ['age', 'bmi', 'smoker', 'region=east', 'region=north', 'region=south'],
      label: 'risk',
      classes: ['high', 'low'],
      standardize: 'federated',
      schemaHash: report.match(/schemaHash: (sha256:[0-9a-f]{64})/)?.[1],
    });
  });

  it('should take the last column as the label by default, leave free text out and say so', async () => {
    const path = join(dir, 'notes.csv');
    writeFileSync(path, `id,note,ok\n${Array.from({ length: 40 }, (_, i) => `${i},note ${i},${i % 3 ? 'true' : 'false'}`).join('\n')}\n`);
    const report = await inspectDataFile(path);
    expect(report).toMatch(/left out of the schema: note \(free text: too many distinct values\)/);
    expect(addressIn(report)).toMatchObject({ schema: { features: [{ name: 'id', type: 'numeric' }], label: { name: 'ok', classes: ['false', 'true'] } } });
  });

  it('should not take a column of hexadecimal or binary numerals for numbers', async () => {
    const path = join(dir, 'codes.csv');
    writeFileSync(path, `code,dose,ok\n${Array.from({ length: 12 }, (_, i) => `0x${i + 10},${i}.5,${i % 2 ? 'true' : 'false'}`).join('\n')}\n`);
    const features = (addressIn(await inspectDataFile(path)).schema as { features: { name: string; type: string }[] }).features;
    expect(features.map((f) => `${f.name} ${f.type}`)).toEqual(['code categorical', 'dose numeric']);
  });

  it('should run as a command of the built CLI, exit 1 naming an unknown label', () => {
    const cli = join(process.cwd(), 'dist', 'connector', 'cli', 'kontor.js');
    expect(existsSync(cli), '`npm test` builds dist/ first').toBe(true);
    expect(execFileSync(process.execPath, [cli, 'data', 'inspect', clinic as string, '--label', 'risk'], { encoding: 'utf8' })).toMatch(/schemaHash: sha256:[0-9a-f]{64}/);
    const bad = spawnSync(process.execPath, [cli, 'data', 'inspect', clinic as string, '--label', 'outcome'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/no column 'outcome'/);
  });
});
