import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainingBackend } from '../training-backend.js';
import type { TrainingPlan } from '../training-plan.js';
import { ownTrainerBackend } from './own-trainer-backend.js';

/** Trainers written as small Node programs (always available): each behaves one way, well or badly. */
const dir = mkdtempSync(join(tmpdir(), 'kontor-trainer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Reads all of stdin synchronously (the request is one line).
const PRELUDE = "import { readFileSync } from 'node:fs';\nconst request = JSON.parse(readFileSync(0, 'utf8'));\n";
const node = (name: string, body: string): string[] => {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, PRELUDE + body);
  return [process.execPath, file];
};

const plan = {
  model: 'softmax-regression',
  features: ['a', 'b'],
  label: 'y',
  classes: ['p', 'q'],
  localEpochs: 1,
  learningRate: 0.1,
  batchSize: 8,
  scaling: { mean: [], std: [] },
  seed: 1,
} as TrainingPlan;
const inner = { initialParams: () => [0, 0, 0, 0, 0, 0] } as unknown as TrainingBackend;
const job = { plan, dataset: { type: 'TrainingData', format: 'csv', path: '/data/site.csv' }, global: [0, 0, 0, 0, 0, 0], clipNorm: 1, noiseMultiplier: 0, seed: 3 };
const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const ENV = { PATH: process.env.PATH ?? '' };
const backendFor = (command: string[], timeoutMs = 60_000) => ownTrainerBackend(inner, { command, timeoutMs, env: ENV });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("a site's own trainer behind the backend seam", () => {
  it('should send the request and release the answer clipped by the connector, not as the trainer sent it', async () => {
    const echo = node(
      'big-step',
      'process.stdout.write(JSON.stringify({ params: request.global.map((v, i) => v + 10 * (i + 1)), sampleCount: 40, metrics: { loss: 0.5, accuracy: 0.75 } }));',
    );
    const update = await backendFor(echo).trainLocally(job);
    expect(norm(update.params)).toBeCloseTo(1, 9); // the trainer's step had norm ≈ 95
    expect(update).toMatchObject({ sampleCount: 40, metrics: { loss: 0.5, accuracy: 0.75 } });
    const seen = node(
      'sees',
      "process.stdout.write(JSON.stringify({ params: request.global, sampleCount: 1, metrics: { loss: request.seed, accuracy: request.dataset.path === '/data/site.csv' && request.protocol === 'kontor-trainer/1' && request.method === 'fit' ? 1 : 0 } }));",
    );
    expect((await backendFor(seen).trainLocally(job)).metrics).toEqual({ loss: 3, accuracy: 1 });
  });

  it('should evaluate through the trainer', async () => {
    const evaluator = node('evaluate', "process.stdout.write(JSON.stringify(request.method === 'evaluate' ? { sampleCount: 12, accuracy: 0.9, loss: 0.3 } : {}));");
    expect(await backendFor(evaluator).evaluateLocally({ plan, dataset: job.dataset, global: job.global })).toEqual({ sampleCount: 12, accuracy: 0.9, loss: 0.3 });
  });

  it('should refuse a wrong number of parameters, a number that is not finite, an unknown field and a bad count', async () => {
    const answers = {
      short: '{ params: [1, 2], sampleCount: 4, metrics: { loss: 1, accuracy: 1 } }',
      nan: "{ params: [0, 0, 0, 0, 0, '1e999'], sampleCount: 4, metrics: { loss: 1, accuracy: 1 } }",
      extra: '{ params: [0, 0, 0, 0, 0, 0], sampleCount: 4, metrics: { loss: 1, accuracy: 1 }, rows: [[1, 2]] }',
      zero: '{ params: [0, 0, 0, 0, 0, 0], sampleCount: 0, metrics: { loss: 1, accuracy: 1 } }',
    };
    const expected = {
      short: /params must be an array of 6 numbers/,
      nan: /params\[5\] must be a finite number/,
      extra: /unknown fields: rows/,
      zero: /sampleCount must be a positive integer/,
    };
    for (const [name, answer] of Object.entries(answers)) {
      const error = await failure(backendFor(node(name, `process.stdout.write(JSON.stringify(${answer}));`)).trainLocally(job));
      expect(error, name).toMatchObject({ code: 'PEER_REJECTED', detail: expect.stringMatching(expected[name as keyof typeof expected]) });
    }
  });

  it('should fail the task on a crash (with its last words), an answer that is not JSON, and silence (killed)', async () => {
    expect(await failure(backendFor(node('crash', "process.stderr.write('no such file: /data/site.csv\\n'); process.exit(3);")).trainLocally(job))).toMatchObject({
      code: 'PEER_REJECTED',
      detail: expect.stringMatching(/exited with 3: no such file/),
    });
    expect(await failure(backendFor(node('chatty', "process.stdout.write('training... done');")).trainLocally(job))).toMatchObject({
      code: 'PEER_REJECTED',
      detail: expect.stringMatching(/not JSON/),
    });
    expect(await failure(backendFor(node('silent', 'setInterval(() => undefined, 1000);'), 300).trainLocally(job))).toMatchObject({
      code: 'PEER_UNAVAILABLE',
      detail: expect.stringMatching(/no answer within 300 ms/),
    });
    expect(await failure(backendFor([join(dir, 'does-not-exist')]).trainLocally(job))).toMatchObject({
      code: 'PEER_REJECTED',
      detail: expect.stringMatching(/could not be started/),
    });
  });

  it("should not hand the connector's environment (settings, secrets) to the trainer", async () => {
    process.env.KONTOR_DATA_TOKEN_SECRET = 'do-not-leak';
    try {
      const env = node(
        'env',
        "process.stdout.write(JSON.stringify({ params: request.global, sampleCount: 1, metrics: { loss: Object.keys(process.env).filter((k) => k.startsWith('KONTOR')).length, accuracy: 0 } }));",
      );
      expect((await backendFor(env).trainLocally(job)).metrics.loss).toBe(0);
    } finally {
      delete process.env.KONTOR_DATA_TOKEN_SECRET;
    }
  });
});
