import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../core/index.js';
import { checkOwnData } from './check-own-data.js';
import { openOwnTable } from './open-own-table.js';
import { parseOwnDataAddress } from './own-data-address.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-own-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const schema = {
  features: [
    { name: 'age', type: 'numeric' },
    { name: 'smoker', type: 'boolean' },
    { name: 'region', type: 'categorical', categories: ['north', 'south'] },
  ],
  label: { name: 'outcome', classes: ['ill', 'well'] },
  missingValues: { rule: 'impute', maxFraction: 0.3 },
};
const address = (path: string, extra: Record<string, unknown> = {}) => ({ type: 'TrainingData', format: 'csv', path, schema, ...extra });
const problemsOf = async (raw: Record<string, unknown>) => {
  const error = await checkOwnData(raw, openOwnTable).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  expect((error as ConnectorError).code).toBe('TRAINING_DATA_INVALID');
  return (error as ConnectorError).violations.map((v) => `${v.pointer} ${v.message}`);
};

describe('the data address and schema of own training data', () => {
  it('should name every problem at once, unknown fields in the address and the schema too', () => {
    const { problems } = parseOwnDataAddress({
      type: 'TrainingData',
      format: 'csv',
      path: 'relative.csv',
      sheet: 1,
      schema: {
        features: [
          { name: 'a', type: 'text' },
          { name: 'b', type: 'categorical', categories: ['x', 'x'], unit: 'cm' },
        ],
        label: { name: 'y', classes: ['only'], weight: 2 },
        missingValues: { rule: 'guess', maxFraction: 2 },
        version: 1,
      },
    });
    const text = problems.map((p) => `${p.pointer} ${p.message}`);
    expect(text).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/dataAddress\/sheet unknown field 'sheet'/),
        expect.stringMatching(/^\/dataAddress\/path must be the absolute path/),
        expect.stringMatching(/^\/dataAddress\/schema\/version unknown field/),
        expect.stringMatching(/^\/dataAddress\/schema\/features\/0\/type unknown type 'text'/),
        expect.stringMatching(/^\/dataAddress\/schema\/features\/1\/unit unknown field/),
        expect.stringMatching(/categories of 'b' lists 'x' twice/),
        expect.stringMatching(/^\/dataAddress\/schema\/label\/weight unknown field/),
        expect.stringMatching(/at least two classes/),
        expect.stringMatching(/unknown rule 'guess'/),
        expect.stringMatching(/maxFraction must be a number from 0 to 1/),
      ]),
    );
    expect(text).toHaveLength(10);
  });

  it('should require missingValues (never default the rule), while its maxFraction is optional', () => {
    const schema = { features: [{ name: 'a', type: 'numeric' }], label: { name: 'y', classes: ['p', 'q'] } };
    const without = parseOwnDataAddress({ type: 'TrainingData', format: 'csv', path: '/d.csv', schema });
    expect(without.problems).toEqual([
      {
        pointer: '/dataAddress/schema/missingValues',
        message: "is required: an object { rule: 'drop' | 'impute', maxFraction? } (whether a row missing a value is left out or imputed)",
      },
    ]);
    const ruleOnly = parseOwnDataAddress({ type: 'TrainingData', format: 'csv', path: '/d.csv', schema: { ...schema, missingValues: { rule: 'drop' } } });
    expect(ruleOnly.address?.schema.missingValues).toEqual({ rule: 'drop' });
  });

  it('should refuse an unsupported format, naming the supported ones', () => {
    expect(parseOwnDataAddress({ type: 'TrainingData', format: 'xlsx', path: '/x', schema }).problems[0]?.message).toMatch(
      /unsupported format 'xlsx' \(expected one of csv, parquet, sqlite, postgres\)/,
    );
  });
});

describe('checking own data against its schema', () => {
  it('should report a missing column, a wrong type, an unknown category, an unknown class and too many missing values together', async () => {
    const path = file('bad.csv', 'age,region,outcome\n41,north,ill\nold,south,well\n,east,ill\n,north,dead\n');
    const problems = await problemsOf(address(path));
    expect(problems).toEqual([
      expect.stringMatching(/missing column 'smoker'/),
      expect.stringMatching(/wrong type: 1 value\(s\) of feature 'age' are not a number within ±1e100, e\.g\. 'old' \(data rows 2\)/),
      expect.stringMatching(/too many missing values: column 'age' misses 2 of 4 values \(more than maxFraction 0\.3\)/),
      expect.stringMatching(/wrong type: 1 value\(s\) of feature 'region' are not one of its categories \(north, south\), e\.g\. 'east'/),
      expect.stringMatching(/unknown class: 1 value\(s\) of label 'outcome' are not among its classes \(ill, well\), e\.g\. 'dead' \(data rows 4\)/),
    ]);
  });

  it('should report an empty file and an unreadable one', async () => {
    expect(await problemsOf(address(file('empty.csv', 'age,smoker,region,outcome\n')))).toEqual([expect.stringMatching(/^\/dataAddress\/path empty table/)]);
    expect(await problemsOf(address(join(dir, 'absent.csv')))).toEqual([expect.stringMatching(/^\/dataAddress\/path unreadable file: .*ENOENT/)]);
    expect(await problemsOf(address(file('ragged.csv', 'age,smoker,region,outcome\n1,true,north\n')))).toEqual([expect.stringMatching(/unreadable file: .*record length|column/i)]);
  });

  it('should refuse a header that names a column twice (compared trimmed), naming it, instead of reading one of the two', async () => {
    // Rows are keyed by column name: without the refusal the second 'age' (99) would be read, unseen.
    const path = file('twice.csv', 'age,smoker,region,outcome, age \n41,yes,north,ill,99\n');
    expect(await problemsOf(address(path))).toEqual([
      "/dataAddress/path ambiguous header: the column 'age' is named more than once (names compared trimmed): give every column its own name",
    ]);
  });

  it('should refuse a number not written in decimal (0x10, 0b1, 0o7), quoting it like any other bad value', async () => {
    const path = file(
      'radix.csv',
      'age,smoker,region,outcome\n0x10,yes,north,ill\n0b1,no,south,well\n0o7,no,south,well\n1e1,no,north,well\n-.5,no,north,ill\n +3. ,no,north,ill\n',
    );
    expect(await problemsOf(address(path))).toEqual([
      expect.stringMatching(/wrong type: 3 value\(s\) of feature 'age' are not a number within ±1e100, e\.g\. '0x10', '0b1', '0o7' \(data rows 1, 2, 3\)$/),
    ]);
  });

  it('should accept good data and give the row counts and the values that impute a missing cell', async () => {
    const path = file('good.csv', '\uFEFFage,smoker,region,outcome,"note, free"\n40,yes,north,ill,"a, b"\n,no,south,well,x\n20,NA,south,well,y\n');
    const { result } = await checkOwnData(address(path, { schema: { ...schema, missingValues: { rule: 'impute', maxFraction: 0.5 } } }), openOwnTable);
    expect(result).toMatchObject({ problems: [], rows: 3, usableRows: 3, fill: { age: 30, smoker: 0, region: 'south' } });
    const drop = await checkOwnData(address(path, { schema: { ...schema, missingValues: { rule: 'drop', maxFraction: 0.5 } } }), openOwnTable);
    expect(drop.result.usableRows).toBe(1);
  });
});
