import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { report } from './measure.js';
import { writeSyntheticCsv } from './synthetic-csv.js';

interface ChildResult {
  rows: number;
  seconds: number;
  maxRssMiB: number;
}

const MiB = 1 << 20;

function child(mode: 'check' | 'load' | 'train', file: string, sample: string): Promise<ChildResult> {
  const script = fileURLToPath(new URL('./csv-memory-child.js', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, mode, file, sample], { timeout: 1_800_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${mode} failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as ChildResult);
    });
  });
}

/**
 * `npm run bench -- csv-memory [MIB]` (default 1024): a deterministic synthetic CSV of about MIB MiB (streamed to a
 * temporary folder, deleted afterwards), read the way a site's file is read, each read in its own process: the
 * streamed schema check and statistics over the whole file and over an eighth of it (peak RSS should not grow with the
 * file), the load of the rows as objects (loadOwnRows, what training held before it kept compact rows) over a
 * sixteenth and an eighth, and one round of the real training path (statistics, one local epoch in the worker thread,
 * evaluation: compact float32 rows in shared memory) over the same two files, with the ratios between them.
 */
export async function run(): Promise<void> {
  const arg = process.argv[3];
  const mib = arg === undefined ? 1024 : Number(arg);
  if (!Number.isInteger(mib) || mib < 8) throw new Error('csv-memory: the size is a whole number of MiB, at least 8');
  const dir = mkdtempSync(join(tmpdir(), 'kontor-csv-memory-'));
  try {
    const sample = join(dir, 'sample.csv');
    await writeSyntheticCsv(sample, 1, { rows: 2000 });
    const sizes = [mib, mib / 8, mib / 16].map((m) => Math.round(m));
    const files = await Promise.all(sizes.map(async (m, i) => ({ mib: m, path: join(dir, `site-${i}.csv`) })));
    for (const f of files) await writeSyntheticCsv(f.path, 42, { bytes: f.mib * MiB });
    const [full, eighth, sixteenth] = files as [(typeof files)[0], (typeof files)[0], (typeof files)[0]];
    const checkFull = await child('check', full.path, sample);
    const checkEighth = await child('check', eighth.path, sample);
    const loadSixteenth = await child('load', sixteenth.path, sample);
    const loadEighth = await child('load', eighth.path, sample);
    const trainSixteenth = await child('train', sixteenth.path, sample);
    const trainEighth = await child('train', eighth.path, sample);
    report(
      `csv-memory: a ${full.mib} MiB CSV (${checkFull.rows} rows), each read in its own process`,
      [
        { label: `schema check + statistics, ${full.mib} MiB, peak RSS`, value: checkFull.maxRssMiB, unit: 'MiB' },
        { label: `schema check + statistics, ${full.mib} MiB, throughput`, value: full.mib / checkFull.seconds, unit: 'MiB/s' },
        { label: `schema check + statistics, ${eighth.mib} MiB, peak RSS`, value: checkEighth.maxRssMiB, unit: 'MiB' },
        { label: `training load (loadOwnRows), ${sixteenth.mib} MiB, peak RSS`, value: loadSixteenth.maxRssMiB, unit: 'MiB' },
        { label: `training load (loadOwnRows), ${eighth.mib} MiB, peak RSS`, value: loadEighth.maxRssMiB, unit: 'MiB' },
      ],
      { label: `check peak RSS, ${full.mib} MiB / ${eighth.mib} MiB file`, value: checkFull.maxRssMiB / checkEighth.maxRssMiB },
    );
    report(
      `csv-memory: one training round over the file (statistics, 1 local epoch in the worker, evaluation), compact rows`,
      [
        { label: `training round, ${sixteenth.mib} MiB (${trainSixteenth.rows} rows), peak RSS`, value: trainSixteenth.maxRssMiB, unit: 'MiB' },
        { label: `training round, ${eighth.mib} MiB (${trainEighth.rows} rows), peak RSS`, value: trainEighth.maxRssMiB, unit: 'MiB' },
        { label: `training round, ${eighth.mib} MiB, wall time`, value: trainEighth.seconds, unit: 's' },
        { label: `round / row-object load (${eighth.mib} MiB), peak RSS`, value: trainEighth.maxRssMiB / loadEighth.maxRssMiB, unit: '×' },
        { label: `round peak RSS / file size (${eighth.mib} MiB)`, value: trainEighth.maxRssMiB / eighth.mib, unit: '×' },
      ],
      { label: `round peak RSS, ${eighth.mib} MiB / ${sixteenth.mib} MiB file`, value: trainEighth.maxRssMiB / trainSixteenth.maxRssMiB },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
