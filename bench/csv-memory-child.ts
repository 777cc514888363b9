import { checkOwnData } from '../connector/training/data/check-own-data.js';
import { inferSchema } from '../connector/training/data/infer-schema.js';
import { openOwnTable } from '../connector/training/data/open-own-table.js';
import { loadOwnRows } from '../connector/training/data/own-rows.js';
import { profileFiles } from '../connector/training/data/profile-files.js';
import { SYNTHETIC_LABEL } from './synthetic-csv.js';

/**
 * One read of a site's CSV file in a fresh process (its peak RSS is its own): `check` is the streamed schema check
 * with its statistics (asset creation, update, transfer start, and the first pass of every load); `load` is what
 * local training then does with the file (loadOwnRows: both splits, encoded, in memory). The schema is inferred
 * first from a small sample file, as `kontor data inspect` would.
 */
const [mode, file = '', sample = ''] = process.argv.slice(2);
const { schema } = inferSchema((await profileFiles([sample])).profiles, SYNTHETIC_LABEL);
const address = { type: 'TrainingData', format: 'csv', path: file, schema };
const start = performance.now();
let rows = 0;
if (mode === 'check') {
  const { result } = await checkOwnData(address, openOwnTable);
  rows = result.rows;
} else if (mode === 'load') {
  const own = await loadOwnRows(address);
  rows = own.train.length + own.test.length;
} else {
  throw new Error('usage: csv-memory-child.js check|load FILE SAMPLE');
}
console.log(JSON.stringify({ rows, seconds: (performance.now() - start) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
