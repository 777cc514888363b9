import { isAbsolute } from 'node:path';
import type { Violation } from '../../../core/index.js';
import { parseTrainingSchema, unknownFields } from './parse-schema.js';
import type { TrainingSchema } from './training-schema.js';

export const OWN_DATA_FORMATS = ['csv', 'parquet', 'sqlite', 'postgres'] as const;
export type OwnDataFormat = (typeof OWN_DATA_FORMATS)[number];

/** A training asset's private data address over a site's own table: a CSV or Parquet file, or a table (or view) of a SQLite file. */
export interface OwnDataAddress {
  type: 'TrainingData';
  format: OwnDataFormat;
  /** Absolute path of the file on the site's machine (PostgreSQL: absent). */
  path: string;
  /** PostgreSQL: absolute path of the secret file holding the database URL (the URL itself is never stored). */
  urlFile?: string;
  /** CSV: the field delimiter (default `,`). */
  delimiter?: string;
  /** SQLite, PostgreSQL: the table or view (PostgreSQL: optionally `schema.table`). */
  table?: string;
  schema: TrainingSchema;
}

const FIELDS: Record<OwnDataFormat, readonly string[]> = {
  csv: ['type', 'format', 'path', 'delimiter', 'schema'],
  parquet: ['type', 'format', 'path', 'schema'],
  sqlite: ['type', 'format', 'path', 'table', 'schema'],
  postgres: ['type', 'format', 'urlFile', 'table', 'schema'],
};

/** A training data address over own data (it names a `format`), as opposed to one over a data set Kontor ships (`source`). */
export const isOwnDataAddress = (address: Record<string, unknown>): boolean => address.type === 'TrainingData' && address.format !== undefined;

/** Checks an own-data address and its schema, naming every problem (unknown fields too) under `/dataAddress`. */
export function parseOwnDataAddress(address: Record<string, unknown>, pointer = '/dataAddress'): { address?: OwnDataAddress; problems: Violation[] } {
  const format = address.format as OwnDataFormat;
  if (!OWN_DATA_FORMATS.includes(format))
    return { problems: [{ pointer: `${pointer}/format`, message: `unsupported format '${String(address.format)}' (expected one of ${OWN_DATA_FORMATS.join(', ')})` }] };
  const problems: Violation[] = [];
  unknownFields(address, FIELDS[format], pointer, problems);
  const file = format === 'postgres' ? 'urlFile' : 'path';
  if (typeof address[file] !== 'string' || !isAbsolute(address[file] as string))
    problems.push({
      pointer: `${pointer}/${file}`,
      message: format === 'postgres' ? 'must be the absolute path of the secret file holding the database URL' : 'must be the absolute path of the file',
    });
  if (format === 'csv' && address.delimiter !== undefined && !(typeof address.delimiter === 'string' && address.delimiter.length === 1)) {
    problems.push({ pointer: `${pointer}/delimiter`, message: 'must be one character' });
  }
  const identifier = format === 'postgres' ? /^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/ : /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
  if ((format === 'sqlite' || format === 'postgres') && !(typeof address.table === 'string' && identifier.test(address.table))) {
    problems.push({ pointer: `${pointer}/table`, message: 'must name a table or view (letters, digits, _)' });
  }
  const parsed = parseTrainingSchema(address.schema, `${pointer}/schema`);
  problems.push(...parsed.problems);
  if (problems.length > 0 || !parsed.schema) return { problems };
  const { delimiter, table, urlFile } = address as { delimiter?: string; table?: string; urlFile?: string };
  return {
    address: {
      type: 'TrainingData',
      format,
      path: String(address.path ?? ''),
      ...(urlFile ? { urlFile } : {}),
      ...(delimiter ? { delimiter } : {}),
      ...(table ? { table } : {}),
      schema: parsed.schema,
    },
    problems,
  };
}
