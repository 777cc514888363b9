import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inProcessFedAvg, penguinPlan } from '../connector/training/backend/baselines.js';
import type { MlpSpec } from '../connector/training/backend/model-spec.js';
import { inferSchema } from '../connector/training/data/infer-schema.js';
import { profileFiles } from '../connector/training/data/profile-files.js';
import { publishTrainingOffer } from '../examples/demo/demo-offers.js';
import { ownDataSource } from '../examples/demo/own-data-source.js';
import { cpuProfile } from './cpu-profile.js';
import { governedTraining } from './governed-training.js';
import { inProcessOwnData } from './in-process-own-data.js';
import { median } from './measure.js';
import { SYNTHETIC_LABEL } from './synthetic-csv.js';

/** The realistic workload's model: two hidden layers of 64 units (docs/federated-training.md, model specs). */
export const BENCH_MLP: MlpSpec = { type: 'mlp', hidden: [64, 64], activation: 'relu', optimizer: 'adam', learningRate: 0.005, batchSize: 64, localEpochs: 1 };
const ISLANDS = ['Biscoe', 'Dream', 'Torgersen'];
const PRIVACY = { clipNorm: 5, noiseMultiplier: 0.01 };
/** Rounds of an untimed governed penguin training before the timed one, as the in-process side runs once untimed. */
const PENGUIN_WARMUP_ROUNDS = 10;

/** Penguins in one process: one warm-up run, then the median of five (the FedAvg is a few ms; one run is noise). */
function penguinsLocal(rounds: number) {
  const plan = penguinPlan(PRIVACY);
  inProcessFedAvg(plan, rounds, PRIVACY);
  const times = Array.from({ length: 5 }, () => {
    const t0 = performance.now();
    inProcessFedAvg(plan, rounds, PRIVACY);
    return performance.now() - t0;
  });
  return { totalMs: median(times), rounds };
}

async function penguinsGoverned(rounds: number) {
  const plan = penguinPlan(PRIVACY);
  const dir = mkdtempSync(join(tmpdir(), 'kontor-bench-fl-'));
  try {
    return await governedTraining(
      dir,
      ISLANDS,
      plan,
      rounds,
      (site, name, coordinator, budget) => publishTrainingOffer(site, name, plan, budget, coordinator),
      profileFile ? cpuProfile(profileFile) : undefined,
      PENGUIN_WARMUP_ROUNDS,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const csvFiles = (dataDir: string) =>
  readdirSync(dataDir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => resolve(dataDir, f));

async function mlpLocal(dataDir: string, rounds: number) {
  const source = await ownDataSource(dataDir, SYNTHETIC_LABEL, BENCH_MLP);
  const { schema } = inferSchema((await profileFiles(csvFiles(dataDir))).profiles, SYNTHETIC_LABEL);
  return { ...(await inProcessOwnData(csvFiles(dataDir), schema, source.plan, rounds)), rounds };
}

async function mlpGoverned(dataDir: string, rounds: number) {
  const source = await ownDataSource(dataDir, SYNTHETIC_LABEL, BENCH_MLP);
  const dir = mkdtempSync(join(tmpdir(), 'kontor-bench-fl-'));
  try {
    return await governedTraining(
      dir,
      [...source.parts],
      source.plan,
      rounds,
      (site, name, coordinator, budget) => source.publish(site, name, budget, coordinator),
      profileFile ? cpuProfile(profileFile) : undefined,
      0,
      source.siteSettings,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const profileAt = args.indexOf('--cpu-prof');
/** `--cpu-prof FILE`: a CPU profile of the governed run's timed part (the main thread: every node and the coordinator). */
const profileFile = profileAt >= 0 ? args.splice(profileAt, 2)[1] : undefined;
const [mode, roundsText, dataDir = ''] = args;
const rounds = Number(roundsText);
const runs: Record<string, () => Promise<object> | object> = {
  'penguins-local': () => penguinsLocal(rounds),
  'penguins-governed': () => penguinsGoverned(rounds),
  'mlp-local': () => mlpLocal(dataDir, rounds),
  'mlp-governed': () => mlpGoverned(dataDir, rounds),
};
const chosen = mode ? runs[mode] : undefined;
if (!chosen || !(rounds >= 1)) throw new Error(`usage: training-bench-child.js ${Object.keys(runs).join('|')} ROUNDS [DATA_DIR]`);
const result = await chosen();
console.log(JSON.stringify({ ...result, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
process.exit(0);
