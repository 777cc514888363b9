import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPenguins } from '../../connector/training/backend/penguins.js';
import { softmaxBackend } from '../../connector/training/backend/softmax-backend.js';
import { TrainingWorkers } from '../../connector/training/backend/worker-runner.js';
import { planForSchema } from '../../connector/training/data/plan-for-schema.js';
import type { TrainingSchema } from '../../connector/training/data/training-schema.js';
import type { TrainingBackend } from '../../connector/training/training-backend.js';
import { ownTrainerBackend } from '../../connector/training/trainer/own-trainer-backend.js';

/** The Python example trainer (numpy only) through the same seam as the built-in one, on the same CSV file. */
const TRAINER = join(dirname(fileURLToPath(import.meta.url)), 'softmax_trainer.py');
const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const missing = probe.error ? 'python3 is not installed' : probe.status !== 0 ? 'python3 has no numpy (pip install numpy)' : undefined;
if (missing) console.warn(`skipping the Python trainer example: ${missing}`);

const SCHEMA: TrainingSchema = {
  features: ['bill', 'depth', 'flipper', 'mass'].map((name) => ({ name, type: 'numeric' as const })),
  label: { name: 'species', classes: ['Adelie', 'Chinstrap', 'Gentoo'] },
  missingValues: { rule: 'drop' },
};
const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe.skipIf(missing !== undefined)(`the Python trainer example (${missing ?? 'python3 with numpy'})`, () => {
  let dir: string;
  let dataset: Record<string, unknown>;
  let workers: TrainingWorkers;
  let builtIn: TrainingBackend;
  let python: TrainingBackend;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kontor-python-trainer-'));
    const path = join(dir, 'penguins.csv');
    writeFileSync(path, ['bill,depth,flipper,mass,species', ...loadPenguins().map((r) => [...r.x, r.label].join(','))].join('\n'));
    dataset = { type: 'TrainingData', format: 'csv', path, schema: SCHEMA };
    workers = new TrainingWorkers();
    builtIn = softmaxBackend(workers, { dataRoot: dir });
    python = ownTrainerBackend(builtIn, { command: ['python3', TRAINER], timeoutMs: 120_000, env: { PATH: process.env.PATH ?? '' } });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
  });

  const train = async (backend: TrainingBackend, rounds: number, clipNorm: number) => {
    const plan = planForSchema(SCHEMA, { clipNorm, noiseMultiplier: 0 });
    let global = backend.initialParams(plan);
    for (let round = 1; round <= rounds; round++) global = (await backend.trainLocally({ plan, dataset, global, clipNorm, noiseMultiplier: 0, seed: round })).params;
    return { global, evaluation: await backend.evaluateLocally({ plan, dataset, global }) };
  };

  it('should train on the CSV as well as the built-in trainer (within 3 points) and evaluate the same rows', async () => {
    const [own, reference] = await Promise.all([train(python, 6, 100), train(builtIn, 6, 100)]);
    expect(own.evaluation.accuracy).toBeGreaterThan(0.9);
    expect(Math.abs(own.evaluation.accuracy - reference.evaluation.accuracy)).toBeLessThanOrEqual(0.03);
    expect(own.evaluation.sampleCount).toBe(reference.evaluation.sampleCount);
  });

  it("should have its update clipped by the connector to the site's bound", async () => {
    const plan = planForSchema(SCHEMA, { clipNorm: 0.5, noiseMultiplier: 0 });
    const update = await python.trainLocally({ plan, dataset, global: python.initialParams(plan), clipNorm: 0.5, noiseMultiplier: 0, seed: 1 });
    expect(norm(update.params)).toBeLessThanOrEqual(0.5 + 1e-9);
    expect(norm(update.params)).toBeGreaterThan(0.49);
  });
});
