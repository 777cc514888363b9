import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { report } from './measure.js';
import { writeSyntheticCsv } from './synthetic-csv.js';

interface ChildResult {
  totalMs: number;
  rounds: number;
  steadyRoundMs?: number;
  cpuMs?: number;
  steadyCpuMs?: number;
  warmupRounds?: number;
  accuracy?: number;
  identity?: string;
  mode?: string;
  maxRssMiB: number;
}

/** One measurement in a fresh node process, so that its peak RSS is its own. */
function child(mode: string, rounds: number, dataDir?: string): Promise<ChildResult> {
  const script = fileURLToPath(new URL('./training-bench-child.js', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, mode, String(rounds), ...(dataDir ? [dataDir] : [])], { timeout: 1_800_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${mode} failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as ChildResult);
    });
  });
}

/** Governed penguin runs per bench run (the median one is reported). */
const GOVERNED_RUNS = 3;

/** `--name value` from the bench's own arguments (`npm run bench -- training mlp --rows 5000`). */
function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

/**
 * (a) Penguins, 3 sites, 20 rounds: the governance overhead per round against the same FedAvg in one process. Both
 * sides are timed warm: the in-process FedAvg after one untimed run, the governed training after an untimed one of
 * `PENGUIN_WARMUP_ROUNDS` (training-bench-child.ts) in the same data space; each side's figure is a median.
 */
async function penguins(): Promise<void> {
  const rounds = 20;
  const local = await child('penguins-local', rounds);
  // Three governed runs, each in a fresh process; the figures are the median run's (by its steady round), as the
  // in-process side is the median of five: one run of 19 timed rounds moves with a moment's load.
  const runs: ChildResult[] = [];
  for (let i = 0; i < GOVERNED_RUNS; i++) runs.push(await child('penguins-governed', rounds));
  const byRound = [...runs].sort((a, b) => (a.steadyRoundMs ?? Number.NaN) - (b.steadyRoundMs ?? Number.NaN));
  const governed = byRound[Math.floor(byRound.length / 2)] as ChildResult;
  const localRound = local.totalMs / rounds;
  const steady = governed.steadyRoundMs ?? Number.NaN;
  const range = `${(byRound[0]?.steadyRoundMs ?? Number.NaN).toFixed(1)}–${(byRound.at(-1)?.steadyRoundMs ?? Number.NaN).toFixed(1)} ms`;
  report(
    `training (a): penguins, ${rounds} rounds × 3 sites after a ${governed.warmupRounds ?? '?'}-round warm-up, ${governed.identity ?? '?'}`,
    [
      { label: 'governed, total (transfer start + every round)', value: governed.totalMs, unit: 'ms' },
      { label: `governed, per round (rounds 2…20: fit + eval), median of ${GOVERNED_RUNS} runs (${range})`, value: steady, unit: 'ms' },
      { label: 'same FedAvg in one process, per round', value: localRound, unit: 'ms' },
      { label: 'governance overhead per round (goal ≤ 15)', value: steady - localRound, unit: 'ms' },
      { label: 'governed CPU per round, all threads (incl. start)', value: (governed.cpuMs ?? Number.NaN) / rounds, unit: 'ms' },
      { label: 'governed CPU per round, all threads (rounds 2…20)', value: governed.steadyCpuMs ?? Number.NaN, unit: 'ms' },
      { label: 'governed process (4 nodes + authority), peak RSS', value: governed.maxRssMiB, unit: 'MiB' },
      { label: 'in-process FedAvg process, peak RSS', value: local.maxRssMiB, unit: 'MiB' },
    ],
    { label: 'governed / in-process per round', value: steady / localRound },
  );
}

/** (b) An MLP (64, 64) on `rows` synthetic rows per site, `sites` sites: governed against in-process (goal ≤ 1.2×). */
async function realistic(args: string[]): Promise<void> {
  const rows = option(args, 'rows', 50_000);
  const sites = option(args, 'sites', 5);
  const rounds = option(args, 'rounds', 3);
  const dir = mkdtempSync(join(tmpdir(), 'kontor-bench-mlp-'));
  try {
    for (let s = 0; s < sites; s++) await writeSyntheticCsv(join(dir, `site-${s + 1}.csv`), 1000 + s, { rows });
    const local = await child('mlp-local', rounds, dir);
    const governed = await child('mlp-governed', rounds, dir);
    report(
      `training (b): MLP 64-64 (adam, batch 64, 1 local epoch), ${rows} CSV rows × ${sites} sites, ${rounds} rounds, ${governed.identity ?? '?'}`,
      [
        { label: 'governed, total (start, statistics, rounds)', value: governed.totalMs, unit: 'ms' },
        { label: `same training in one process (${local.mode} per site)`, value: local.totalMs, unit: 'ms' },
        { label: 'governed accuracy, last round', value: governed.accuracy ?? Number.NaN, unit: '' },
        { label: 'in-process accuracy, last round', value: local.accuracy ?? Number.NaN, unit: '' },
        { label: `governed process (${sites + 1} nodes + authority), peak RSS`, value: governed.maxRssMiB, unit: 'MiB' },
        { label: 'in-process process, peak RSS', value: local.maxRssMiB, unit: 'MiB' },
      ],
      { label: 'governed / in-process (goal ≤ 1.2)', value: governed.totalMs / local.totalMs },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- training [penguins|mlp] [--rows N --sites N --rounds N]`: both sizes by default, each side in its
 * own process, then the secure-aggregation figures.
 */
export async function run(): Promise<void> {
  const args = process.argv.slice(3);
  const only = args[0]?.startsWith('--') ? undefined : args[0];
  if (only !== undefined && only !== 'penguins' && only !== 'mlp') throw new Error(`unknown training size '${only}' (penguins or mlp)`);
  if (only !== 'mlp') await penguins();
  if (only !== 'penguins') await realistic(args);
  if (only === undefined) await (await import('./secure-aggregation-bench.js')).run();
}
