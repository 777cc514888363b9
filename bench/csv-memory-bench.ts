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
  cpuSeconds: number;
  maxRssMiB: number;
  /** Row files the round wrote (0: its rows stayed in memory). */
  rowFiles: number;
}

const held = (r: ChildResult) => `${r.rows} rows, ${r.rowFiles > 0 ? 'row file' : 'in memory'}`;

const MiB = 1 << 20;

function child(mode: 'check' | 'load' | 'train', file: string, sample: string, limit = 'default'): Promise<ChildResult> {
  const script = fileURLToPath(new URL('./csv-memory-child.js', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, mode, file, sample, limit], { timeout: 1_800_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
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
 * evaluation) over the sixteenth, the eighth and the whole file: the peak RSS of a round must not grow with the file
 * (the headline: whole file / eighth). The sixteenth's encoded rows fit the in-memory limit (IN_MEMORY_ROWS_LIMIT_BYTES),
 * the eighth's and the whole file's go to a row file; the sixteenth is run once more forced onto a row file, so the
 * CPU time of the two paths on the same rows shows what the in-memory path saves.
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
    const trainSixteenth = await child('train', sixteenth.path, sample);
    const trainSixteenthFile = await child('train', sixteenth.path, sample, '0');
    const trainEighth = await child('train', eighth.path, sample);
    const trainFull = await child('train', full.path, sample);
    report(
      `csv-memory: one training round over the file (statistics, 1 local epoch in the worker, evaluation)`,
      [
        { label: `round, ${sixteenth.mib} MiB (${held(trainSixteenth)}), peak RSS`, value: trainSixteenth.maxRssMiB, unit: 'MiB' },
        { label: `round, ${sixteenth.mib} MiB (${held(trainSixteenthFile)}), peak RSS`, value: trainSixteenthFile.maxRssMiB, unit: 'MiB' },
        { label: `round, ${eighth.mib} MiB (${held(trainEighth)}), peak RSS`, value: trainEighth.maxRssMiB, unit: 'MiB' },
        { label: `round, ${full.mib} MiB (${held(trainFull)}), peak RSS`, value: trainFull.maxRssMiB, unit: 'MiB' },
        { label: `round, ${full.mib} MiB, wall time`, value: trainFull.seconds, unit: 's' },
        { label: `round peak RSS / file size (${full.mib} MiB)`, value: trainFull.maxRssMiB / full.mib, unit: '×' },
        { label: `round, ${sixteenth.mib} MiB, CPU time in memory`, value: trainSixteenth.cpuSeconds, unit: 's' },
        { label: `round, ${sixteenth.mib} MiB, CPU time row file / in memory`, value: trainSixteenthFile.cpuSeconds / trainSixteenth.cpuSeconds, unit: '×' },
      ],
      { label: `round peak RSS, ${full.mib} MiB / ${eighth.mib} MiB file`, value: trainFull.maxRssMiB / trainEighth.maxRssMiB },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
