import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainLocally } from '../../connector/training/backend/local-train.js';
import { encode, evaluate } from '../../connector/training/backend/softmax-regression.js';
import { standardization } from '../../connector/training/data/encode-row.js';
import { loadOwnRows } from '../../connector/training/data/own-rows.js';
import { planForSchema } from '../../connector/training/data/plan-for-schema.js';
import type { TrainingPlan } from '../../connector/training/training-plan.js';
import type { Training } from '../../connector/training/training.js';
import { TRAINING_PURPOSE, trainingPolicy } from '../../examples/demo/demo-offers.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { CLINIC_SCHEMA, writeClinicCsvs } from '../helpers/clinic-csv.js';

const SITES = ['harbour', 'valley', 'summit'];
const TRAINING_DATA = 'https://w3id.org/kontor/vocab#trainingData';
const plan = planForSchema(CLINIC_SCHEMA, { clipNorm: 5, noiseMultiplier: 0.005, standardize: 'federated' });
let space: DemoDataSpace;
let dir: string;
/** The sites' data root (training.dataRoot), below `dir` (which holds the stores and keys, outside it). */
let data: string;
let sites: DemoNode[];
let coordinator: DemoNode;
let files: string[];
const agreements: string[] = [];
const offered: Record<string, unknown>[] = [];

const finished = (id: string) =>
  new Promise<Training>((resolve) =>
    coordinator.connector.events.on('training.changed', (e) => {
      if (e.id === id && !['PREPARING', 'RUNNING'].includes(e.to)) resolve(e.training);
    }),
  );
const ownAsset = (path: string, schema: unknown = CLINIC_SCHEMA) => ({
  id: 'clinic',
  properties: { title: 'Clinic visits (training only)' },
  dataAddress: { type: 'TrainingData', format: 'csv', path, schema },
});
const problem = async (request: Promise<unknown>) =>
  JSON.parse(
    String(
      (
        (await request.then(
          () => undefined,
          (e: unknown) => e,
        )) as Error
      ).message.replace(/^[^{]*/, ''),
    ),
  ) as { code: string; errors: { pointer: string; message: string }[] };

/** The same model trained in one place on the union of the sites' training rows, tested on the union of their test rows. */
function centralizedAccuracy(own: Awaited<ReturnType<typeof loadOwnRows>>[], p: TrainingPlan, epochs: number): number {
  const shape = { features: p.features.length, classes: p.classes.length };
  const rows = encode(
    own.flatMap((o) => o.train),
    p.classes,
    p.scaling,
  );
  const global = new Array<number>(shape.classes * (shape.features + 1)).fill(0);
  const model = trainLocally({
    shape,
    rows,
    global,
    localEpochs: epochs,
    learningRate: p.learningRate,
    batchSize: p.batchSize,
    clipNorm: 0,
    noiseMultiplier: 0,
    seed: p.seed,
  }).params;
  return evaluate(
    model,
    shape,
    encode(
      own.flatMap((o) => o.test),
      p.classes,
      p.scaling,
    ),
  ).accuracy;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-own-fl-'));
  data = join(dir, 'data');
  mkdirSync(data);
  files = writeClinicCsvs(data, SITES);
  space = await startDataSpace(
    dir,
    [
      ...SITES.map((name) => ({ name, legalName: `${name} clinic`, roles: ['data-site'], overrides: { 'training.dataRoot': data } })),
      { name: 'coordinator', legalName: 'Clinic Consortium', roles: ['coordinator'] },
    ],
    'silent',
  );
  sites = space.nodes.slice(0, 3);
  coordinator = space.nodes[3] as DemoNode;
  for (const [i, site] of sites.entries()) {
    await site.api('POST', '/api/v1/assets', ownAsset(files[i] as string));
    await site.api('POST', '/api/v1/policies', {
      id: 'members',
      policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] },
    });
    await site.api('POST', '/api/v1/policies', { id: 'study', policy: trainingPolicy(plan, 10, coordinator.did, 'PT1H', 20, ['fl:fit', 'fl:evaluate', 'fl:statistics']) });
    await site.api('POST', '/api/v1/contract-definitions', { id: 'study', accessPolicyId: 'members', contractPolicyId: 'study' });
    const catalog = await coordinator.api<{ catalog: { dataset: ({ hasPolicy: { '@id': string }[] } & Record<string, unknown>)[] } }>('POST', '/api/v1/catalog/request', {
      counterPartyAddress: `${site.publicUrl}/api/dsp`,
      counterPartyId: site.did,
    });
    const dataset = catalog.catalog.dataset[0];
    offered.push(JSON.parse(String(dataset?.[TRAINING_DATA])) as Record<string, unknown>);
    const done = new Promise<string>((resolve) =>
      coordinator.connector.events.on('negotiation.stateChanged', (e) => {
        if (e.to === 'FINALIZED' && e.negotiation.counterPartyId === site.did) resolve(String(e.negotiation.agreementId));
      }),
    );
    await coordinator.api('POST', '/api/v1/negotiations', { counterPartyAddress: `${site.publicUrl}/api/dsp`, counterPartyId: site.did, offerId: dataset?.hasPolicy[0]?.['@id'] });
    agreements.push(await done);
  }
});
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("federated training on the sites' own CSV files", () => {
  it('should refuse a bad file or schema when the asset is created or replaced, naming every problem at once', async () => {
    const site = sites[0] as DemoNode;
    const bad = join(data, 'bad.csv');
    writeFileSync(bad, 'age,smoker,region,risk\n40,maybe,west,high\n,no,north,unknown\n');
    const created = await problem(site.api('POST', '/api/v1/assets', { ...ownAsset(bad, { ...CLINIC_SCHEMA, weights: true }), id: 'bad' }));
    expect(created.code).toBe('TRAINING_DATA_INVALID');
    expect(created.errors.map((e) => e.message)).toEqual([expect.stringMatching(/unknown field 'weights'/)]);
    const replaced = await problem(site.api('PUT', '/api/v1/assets/clinic', ownAsset(bad)));
    expect(replaced.code).toBe('TRAINING_DATA_INVALID');
    expect(replaced.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/missing column 'bmi'/),
      expect.stringMatching(/too many missing values: column 'age'/),
      expect.stringMatching(/wrong type: 1 value\(s\) of feature 'smoker'/),
      expect.stringMatching(/wrong type: 1 value\(s\) of feature 'region' .* 'west'/),
      expect.stringMatching(/unknown class: 1 value\(s\) of label 'risk'/),
    ]);
    const empty = join(data, 'empty.csv');
    writeFileSync(empty, '');
    expect((await problem(site.api('POST', '/api/v1/assets', { ...ownAsset(empty), id: 'empty' }))).errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/missing column 'age'/),
      expect.stringMatching(/missing column 'bmi'/),
      expect.stringMatching(/missing column 'smoker'/),
      expect.stringMatching(/missing column 'region'/),
      expect.stringMatching(/missing column 'risk'/),
      expect.stringMatching(/empty table/),
    ]);
  });

  it('should show the schema, its hash and a bucketed row count in the offer, never rows', () => {
    for (const view of offered)
      expect(view).toEqual({ schema: { features: CLINIC_SCHEMA.features, label: CLINIC_SCHEMA.label }, schemaHash: plan.schemaHash, rowCount: { min: 100, max: 999 } });
  });

  it('should refuse a plan on another schema when the training transfers start, naming the difference, before any round', async () => {
    const other = planForSchema({ ...CLINIC_SCHEMA, features: CLINIC_SCHEMA.features.filter((f) => f.name !== 'bmi') }, { clipNorm: 5, noiseMultiplier: 0.005 });
    const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements, plan: other, purpose: TRAINING_PURPOSE, rounds: 1 });
    const t = await finished(id);
    expect(t.state).toBe('FAILED');
    expect(t.currentRound).toBe(0);
    expect(t.metrics).toEqual([]);
    expect(t.errorDetail).toMatch(/features in this site's schema but not in the plan: 'bmi'/);
    expect(t.errorDetail).toMatch(/the plan trains on schema sha256:[0-9a-f]+, this site's data has sha256:/);
  });

  it("should pool the scaling from the sites' statistics before round 1 and train to within 2 points of centralized training", async () => {
    const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements, plan, purpose: TRAINING_PURPOSE, rounds: 5 });
    const t = await finished(id);
    expect(t.state, t.errorDetail).toBe('COMPLETED');
    expect(t.metrics.map((m) => m.round)).toEqual([1, 2, 3, 4, 5]);
    expect(
      t.metrics
        .at(-1)
        ?.sites.map((s) => s.siteDid)
        .sort(),
    ).toEqual(sites.map((s) => s.did).sort());
    // The scaling the coordinator pooled equals the statistics of the union of the sites' training rows, as the sites
    // hold them (compact float32 rows: own-matrix.ts).
    const own = await Promise.all(files.map((path) => loadOwnRows(ownAsset(path).dataAddress)));
    const union = standardization(
      { ...CLINIC_SCHEMA, features: plan.features.map((name) => ({ name, type: 'numeric' as const })) },
      own.flatMap((o) => o.train.map((r) => ({ ...r, x: r.x.map((v) => Math.fround(v)) }))),
    );
    t.scaling?.mean.forEach((m, j) => {
      expect(m).toBeCloseTo(union.mean[j] ?? NaN, 9);
    });
    t.scaling?.std.forEach((s, j) => {
      expect(s).toBeCloseTo(union.std[j] ?? NaN, 9);
    });
    const centralized = centralizedAccuracy(own, { ...plan, scaling: union }, 5 * plan.localEpochs);
    expect(t.metrics.at(-1)?.accuracy).toBeGreaterThan(0.85);
    expect(t.metrics.at(-1)?.accuracy).toBeGreaterThanOrEqual(centralized - 0.02);
    const audit = await (sites[0] as DemoNode).api<{ items: { type: string; data: { task?: string; decision?: string } }[] }>(
      'GET',
      `/api/v1/audit?agreementId=${encodeURIComponent(agreements[0] ?? '')}&limit=500`,
    );
    expect(audit.items.some((e) => e.type === 'training.round' && e.data.task === 'statistics' && e.data.decision === 'permit')).toBe(true);
  });

  it("should refuse a training whose site file was swapped for a link out of the data root after the asset was created, at the transfer's start, quoting nothing of it", async () => {
    const site = files[1] as string;
    const kept = join(dir, 'kept.csv');
    copyFileSync(site, kept);
    // A file outside the root the site's process can read, with data that would pass the schema check (its own rows).
    const outside = join(dir, 'outside.csv');
    copyFileSync(site, outside);
    unlinkSync(site);
    symlinkSync(outside, site);
    try {
      const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements, plan, purpose: TRAINING_PURPOSE, rounds: 1 });
      const t = await finished(id);
      expect(t.state).toBe('FAILED');
      expect(t.currentRound).toBe(0);
      expect(t.errorDetail).toMatch(/lies outside the data root \(training\.dataRoot\) once its symbolic links are followed/);
      expect(t.errorDetail).not.toMatch(/outside\.csv|north/);
    } finally {
      unlinkSync(site);
      copyFileSync(kept, site);
    }
  });

  it("should refuse a training whose site file went bad after the asset was created, at the transfer's start, without showing its values", async () => {
    writeFileSync(files[0] as string, 'age,bmi,smoker,region,risk\nforty,22.5,yes,north,high\n');
    const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements, plan, purpose: TRAINING_PURPOSE, rounds: 1 });
    const t = await finished(id);
    expect(t.state).toBe('FAILED');
    expect(t.currentRound).toBe(0);
    expect(t.errorDetail).toMatch(/the site's training data does not match its declared schema \(1 problem\(s\)/);
    expect(t.errorDetail).not.toMatch(/forty/);
  });
});
