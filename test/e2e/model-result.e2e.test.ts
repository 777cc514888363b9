import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import { paramsHash } from '../../connector/training/model-result/model-file.js';
import { verifyModelFile } from '../../connector/training/model-result/verify-model-file.js';
import type { Training } from '../../connector/training/training.js';
import { trainingOfferRequests, trainingPolicy } from '../../connector/dataspace/training-offer.js';
import { projectContexts } from '../../connector/identity/index.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { TRAINING_PURPOSE } from '../../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';
import { eventually } from '../helpers/eventually.js';
import { ShiftedClock } from '../helpers/shifted-clock.js';
import { verifyWithVcAlone } from '../helpers/verify-with-vc-alone.js';
import { trainingEnded } from '../helpers/training-ended.js';

tf.env().set('PROD', true); // no tfjs-node console banner
const HOUR = 3_600_000;
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const clocks: [ShiftedClock, ShiftedClock, ShiftedClock] = [new ShiftedClock(), new ShiftedClock(), new ShiftedClock()];
const windowEnd = new Date(Date.now() + HOUR).toISOString();
let dir: string;
let space: DemoDataSpace;
let biscoe: DemoNode; // allows export (fl:exportModel), no time window
let dream: DemoNode; // does not allow export; its agreement ends in an hour
let coordinator: DemoNode;
let both: Training; // trained with both sites
let alone: Training; // trained with biscoe only
const agreement: Record<string, string> = {};
const ROW = { 'Beak Length (mm)': 39.1, 'Beak Depth (mm)': 18.7, 'Flipper Length (mm)': 181, 'Body Mass (g)': 3750 };

/** Publishes a site's training offer with the given tasks and extra constraints (the demo's policy otherwise). */
async function publish(site: DemoNode, part: string, tasks: string[], extra: Record<string, unknown>[]) {
  for (const r of trainingOfferRequests({ part, plan, rounds: 4, coordinatorDid: coordinator.did, deleteAfter: 'PT10H' })) {
    let body = r.body;
    if (r.path === '/api/v1/policies' && body.id === 'penguin-study') {
      const policy = trainingPolicy(plan, 4, coordinator.did, 'PT10H', 20, tasks) as { permission: { constraint: { and: unknown[] }[] }[] };
      policy.permission[0]?.constraint[0]?.and.push(...extra);
      body = { ...body, policy };
    }
    await site.api('POST', r.path, body);
  }
}

async function train(agreements: string[]): Promise<Training> {
  const finished = trainingEnded(coordinator);
  await coordinator.api('POST', '/api/v1/trainings', { agreements, plan, purpose: TRAINING_PURPOSE, rounds: 2 });
  return finished;
}

/** A management call's status and body (the demo client throws on errors). */
async function call(node: DemoNode, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown>; bytes: Buffer; headers: Headers }> {
  const res = await fetch(`${node.managementUrl}${path}`, {
    method,
    headers: { 'x-api-key': node.connector.config.managementApi.apiKey ?? '', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, json: bytes.length ? (JSON.parse(bytes.toString('utf8')) as Record<string, unknown>) : {}, bytes, headers: res.headers };
}
/** Runs a built CLI in its own process without blocking this one (the connectors under test live here). */
function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
const auditOf = async (node: DemoNode, type: string) =>
  (await node.api<{ items: { type: string; agreementId?: string; data: Record<string, unknown> }[] }>('GET', '/api/v1/audit?limit=500')).items.filter((e) => e.type === type);
const provenanceOf = (t: Training) =>
  eventually('the countersignatures', async () => {
    const p = await call(coordinator, 'GET', `/api/v1/trainings/${encodeURIComponent(t.id)}/provenance`);
    const n = (p.json.attestations as unknown[] | undefined)?.length ?? 0;
    return p.status === 200 && n + (p.json.refusals as unknown[]).length >= t.sites.length ? p.json : undefined;
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-model-result-'));
  space = await startDataSpace(
    dir,
    [
      { name: 'biscoe', legalName: 'Biscoe Station', roles: ['data-site'], clock: clocks[0] },
      { name: 'dream', legalName: 'Dream Station', roles: ['data-site'], clock: clocks[1] },
      { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'], clock: clocks[2] },
    ],
    'silent',
  );
  [biscoe, dream, coordinator] = space.nodes as [DemoNode, DemoNode, DemoNode];
  await publish(biscoe, 'Biscoe', ['fl:fit', 'fl:evaluate', 'fl:exportModel'], []);
  await publish(dream, 'Dream', ['fl:fit', 'fl:evaluate'], [{ leftOperand: 'dateTime', operator: 'lteq', rightOperand: { '@value': windowEnd, '@type': 'xsd:dateTime' } }]);
  for (const a of await negotiateWithSites(coordinator, [biscoe, dream], () => undefined)) agreement[a.site.name] = a.agreementId;
  both = await train([String(agreement.biscoe), String(agreement.dream)]);
  alone = await train([String(agreement.biscoe)]);
  expect([both.state, alone.state]).toEqual(['COMPLETED', 'COMPLETED']);
}, 180_000);
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the trained model as a governed result (issue 18)', () => {
  it('should record each ended training’s after-work done (decision 0037), so that no replica or recovery does it again', async () => {
    await provenanceOf(both);
    await provenanceOf(alone);
    const items = coordinator.connector.stores.afterWork;
    await eventually('the after-work items to be done', async () => ((await items.pending({ limit: 10 })).length === 0 ? true : undefined));
    expect(await items.claim(both.id, 'another replica', 60_000)).toBe(false);
    expect(await items.claim(alone.id, 'another replica', 60_000)).toBe(false);
  });

  it('should issue a TrainedModelCredential countersigned by every site, verifiable with @digitalbazaar/vc alone', async () => {
    const p = await provenanceOf(both);
    expect(p.refusals).toEqual([]);
    const credential = p.credential as { issuer: string; credentialSubject: Record<string, unknown> };
    expect(credential.issuer).toBe(coordinator.did);
    expect(credential.credentialSubject).toMatchObject({ modelHash: both.metrics.at(-1)?.modelHash, planHash: both.planHash, trainingPurpose: TRAINING_PURPOSE, roundsRun: 2 });
    expect((credential.credentialSubject.participants as { siteDid: string; agreementId: string }[]).map((x) => x.agreementId).sort()).toEqual(
      [agreement.biscoe, agreement.dream].sort(),
    );
    const attestations = p.attestations as { siteDid: string; attestation: { issuer: string; credentialSubject: Record<string, unknown> } }[];
    expect(attestations.map((a) => a.attestation.issuer).sort()).toEqual([biscoe.did, dream.did].sort());
    for (const a of attestations)
      expect(a.attestation.credentialSubject).toMatchObject({
        modelHash: credential.credentialSubject.modelHash,
        roundsTakenPart: { fit: [1, 2], evaluate: [1, 2] },
        appliedPrivacy: { clipNorm: 5, noiseMultiplier: 0.01 },
      });
    const docs = p.didDocuments as Record<string, { id: string }>;
    for (const c of [credential, ...attestations.map((a) => a.attestation)]) {
      const [verdict] = verifyWithVcAlone({ didDocument: docs[c.issuer], servedContexts: projectContexts, credentials: [c], now: new Date().toISOString() });
      expect(verdict?.errors).toEqual([]);
      expect(verdict?.verified).toBe(true);
    }
    // The sites kept what they countersigned in their own audit logs.
    expect((await auditOf(dream, 'model.provenance')).map((e) => e.data.decision)).toContain('countersigned');
  });

  it('should predict under the agreed purpose, with class probabilities, audited per site', async () => {
    const r = await call(coordinator, 'POST', `/api/v1/trainings/${encodeURIComponent(both.id)}/predictions`, {
      purpose: TRAINING_PURPOSE,
      rows: [ROW, { 'Beak Length (mm)': 47.5, 'Beak Depth (mm)': 15, 'Flipper Length (mm)': 217, 'Body Mass (g)': 5200 }],
    });
    expect(r.status).toBe(200);
    const predictions = r.json.predictions as { class: string; probabilities: Record<string, number> }[];
    expect(predictions.map((x) => x.class)).toEqual(['Adelie', 'Gentoo']);
    // Dream's agreement does not grant fl:exportModel: the probabilities come rounded to 2 decimals (full precision
    // would let a few rows rebuild the weights), so each row's sum is 1 within 3 × 0.005.
    expect(r.json.probabilitiesRounded).toBe(true);
    for (const x of predictions) {
      for (const v of Object.values(x.probabilities)) expect(Math.round(v * 100) / 100).toBe(v);
      expect(Math.abs(Object.values(x.probabilities).reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(0.015 + 1e-12);
    }
    const uses = (await auditOf(coordinator, 'model.use')).filter((e) => e.data.trainingId === both.id && e.data.action === 'predict' && e.data.decision === 'permit');
    expect(uses.map((e) => e.agreementId).sort()).toEqual([agreement.biscoe, agreement.dream].sort());
  });

  it('should refuse bad rows, naming each problem', async () => {
    const r = await call(coordinator, 'POST', `/api/v1/trainings/${encodeURIComponent(both.id)}/predictions`, {
      purpose: TRAINING_PURPOSE,
      rows: [{ ...ROW, beak_colour: 1, 'Body Mass (g)': undefined }],
    });
    expect(r.status).toBe(400);
    expect((r.json.errors as { pointer: string }[]).map((e) => e.pointer).sort()).toEqual(['/rows/0/Body Mass (g)', '/rows/0/beak_colour']);
  });

  it("should refuse predictions for another purpose with the policy's reason, audited as a denial", async () => {
    const marketing = 'https://w3id.org/kontor/purpose/marketing';
    const r = await call(coordinator, 'POST', `/api/v1/trainings/${encodeURIComponent(both.id)}/predictions`, { purpose: marketing, rows: [ROW] });
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('POLICY_DENIED');
    expect(String(r.json.detail)).toMatch(/purpose/);
    const denials = (await auditOf(coordinator, 'model.use')).filter((e) => e.data.purpose === marketing && e.data.decision === 'deny');
    expect(denials).toHaveLength(2);
  });

  it('should hand the model out only where every agreement allows it, audited, the file matching the credential', async () => {
    const refused = await call(coordinator, 'GET', `/api/v1/trainings/${encodeURIComponent(both.id)}/model?purpose=${encodeURIComponent(TRAINING_PURPOSE)}`);
    expect(refused.status).toBe(403);
    expect(String(refused.json.detail)).toContain(agreement.dream);
    expect(String(refused.json.detail)).toMatch(/fl:exportModel/);
    const exported = await call(coordinator, 'GET', `/api/v1/trainings/${encodeURIComponent(alone.id)}/model?purpose=${encodeURIComponent(TRAINING_PURPOSE)}`);
    expect(exported.status).toBe(200);
    const p = await provenanceOf(alone);
    const sha = `sha256:${createHash('sha256').update(exported.bytes).digest('hex')}`;
    expect(exported.headers.get('x-kontor-model-sha256')).toBe(sha);
    expect((p.credential as { credentialSubject: { modelFileSha256: string } }).credentialSubject.modelFileSha256).toBe(sha);
    // The same model in TF.js's layers format: its hash is in the credential too, and TF.js loads it from memory.
    const tfjsFile = await call(coordinator, 'GET', `/api/v1/trainings/${encodeURIComponent(alone.id)}/model?purpose=${encodeURIComponent(TRAINING_PURPOSE)}&format=tfjs`);
    expect(tfjsFile.status).toBe(200);
    const tfjsSha = `sha256:${createHash('sha256').update(tfjsFile.bytes).digest('hex')}`;
    expect(tfjsFile.headers.get('x-kontor-model-sha256')).toBe(tfjsSha);
    expect((p.credential as { credentialSubject: { modelFiles: unknown } }).credentialSubject.modelFiles).toEqual([
      { format: 'json', sha256: sha },
      { format: 'tfjs', sha256: tfjsSha },
    ]);
    const loaded = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: tfjsFile.json.modelTopology as object,
        weightSpecs: (tfjsFile.json.weightsManifest as { weights: tf.io.WeightsManifestEntry[] }[])[0]?.weights,
        weightData: new Uint8Array(Buffer.from(String(tfjsFile.json.weightData), 'base64')).buffer,
      }),
    );
    const rows = [ROW, { 'Beak Length (mm)': 47.5, 'Beak Depth (mm)': 15, 'Flipper Length (mm)': 217, 'Body Mass (g)': 5200 }];
    const features = (tfjsFile.json.userDefinedMetadata as { kontor: { spec: { features: (keyof typeof ROW)[] } } }).kontor.spec.features;
    const local = tf.tidy(() => (loaded.predict(tf.tensor2d(rows.map((r) => features.map((f) => r[f])))) as tf.Tensor).arraySync() as number[][]);
    const served = await call(coordinator, 'POST', `/api/v1/trainings/${encodeURIComponent(alone.id)}/predictions`, { purpose: TRAINING_PURPOSE, rows });
    const servedP = (served.json.predictions as { probabilities: Record<string, number> }[]).map((x) => Object.values(x.probabilities));
    expect(Math.max(...local.flatMap((ps, r) => ps.map((v, c) => Math.abs(v - (servedP[r]?.[c] ?? Number.NaN)))))).toBeLessThan(1e-5); // float32 against float64
    loaded.dispose();
    expect((await verifyModelFile(tfjsFile.bytes, p, paramsHash, Date.now())).ok).toBe(true);
    const tamperedTfjs = Buffer.from(tfjsFile.bytes);
    const w = tamperedTfjs.indexOf('"weightData":"') + 20;
    tamperedTfjs[w] = tamperedTfjs[w] === 0x41 ? 0x42 : 0x41;
    expect((await verifyModelFile(tamperedTfjs, p, paramsHash, Date.now())).ok).toBe(false);
    const exports = (await auditOf(coordinator, 'model.use')).filter((e) => e.data.action === 'export');
    expect(exports.map((e) => `${e.data.trainingId === alone.id ? 'alone' : 'both'}:${String(e.data.decision)}:${String(e.data.format)}`).sort()).toEqual(
      ['alone:permit:json', 'alone:permit:tfjs', 'both:deny:json', 'both:permit:json'].sort(),
    );
    // `kontor model verify`: the file verifies offline against the provenance; one changed byte does not.
    expect((await verifyModelFile(exported.bytes, p, paramsHash, Date.now())).ok).toBe(true);
    const tampered = Buffer.from(exported.bytes);
    const at = tampered.indexOf('"params":[') + 12;
    tampered[at] = tampered[at] === 0x31 ? 0x32 : 0x31;
    const verdict = await verifyModelFile(tampered, p, paramsHash, Date.now());
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.filter((c) => !c.ok).map((c) => c.check)).toContain("the file's SHA-256 is one the credential names (modelFileSha256, modelFiles)");
    // The same through the built CLI, offline, as an outside party would run it.
    const cli = join(process.cwd(), 'dist', 'connector', 'cli', 'kontor.js');
    writeFileSync(join(dir, 'model.json'), exported.bytes);
    writeFileSync(join(dir, 'tampered.json'), tampered);
    writeFileSync(join(dir, 'provenance.json'), JSON.stringify(p));
    writeFileSync(join(dir, 'model.tfjs.json'), tfjsFile.bytes);
    writeFileSync(join(dir, 'tampered.tfjs.json'), tamperedTfjs);
    const verify = (file: string) => runCli([cli, 'model', 'verify', join(dir, file), '--provenance', join(dir, 'provenance.json')]);
    // Pinned: the signers' DID documents as their own servers give them (an outside party would keep them from elsewhere).
    const pins = await Promise.all(
      [coordinator, biscoe, dream].map(async (node) => {
        const file = join(dir, `${node.name}.did.json`);
        writeFileSync(file, await (await fetch(`${node.publicUrl}/.well-known/did.json`)).text());
        return ['--trust-did-document', file];
      }),
    );
    const [good, bad, goodTfjs, badTfjs, pinned] = await Promise.all([
      verify('model.json'),
      verify('tampered.json'),
      verify('model.tfjs.json'),
      verify('tampered.tfjs.json'),
      runCli([cli, 'model', 'verify', join(dir, 'model.json'), '--provenance', join(dir, 'provenance.json'), ...pins.flat()]),
    ]);
    expect(good.status, good.stderr).toBe(0);
    // Without pinned DID documents the keys came from the provenance file itself: only self-consistent.
    expect(good.stdout).toMatch(/self-consistent only/);
    expect(good.stdout).not.toMatch(/model verified/);
    expect(pinned.status, pinned.stderr).toBe(0);
    expect(pinned.stdout).toMatch(/model verified: every signer checked against a pinned DID document/);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/FAIL the file's SHA-256/);
    expect(goodTfjs.status, goodTfjs.stdout).toBe(0);
    expect(badTfjs.status).toBe(1);
    expect(badTfjs.stdout).toMatch(/FAIL the file's SHA-256/);
  }, 90_000); // four CLI processes on a loaded machine

  it('should document the model from the evidence only, with Annex IV headings (JSON and Markdown)', async () => {
    const card = await coordinator.api<{
      modelHash: string;
      sections: { annexIV: string; heading: string; evidence: string[]; content: Record<string, unknown> }[];
      notCovered: unknown[];
    }>('GET', `/api/v1/trainings/${encodeURIComponent(both.id)}/model-card`);
    expect(card.modelHash).toBe(both.metrics.at(-1)?.modelHash);
    expect(card.sections.map((x) => x.annexIV)).toEqual(['1(a)', '2(b)', '2(d)', '2(a)', '2(g)', '2(h)', '6', '3']);
    const section = (point: string) => card.sections.find((x) => x.annexIV === point)?.content ?? {};
    expect(section('1(a)').intendedPurpose).toBe(TRAINING_PURPOSE);
    const decade = (n: number) => ({ min: 10 ** Math.floor(Math.log10(n)), max: 10 ** (Math.floor(Math.log10(n)) + 1) - 1 });
    const counts = both.metrics.at(-1)?.sites.map((x) => decade(x.sampleCount));
    expect((section('2(d)').sites as { rowCountBucket: { min: number; max: number } }[]).map((x) => x.rowCountBucket)).toEqual(counts);
    expect(JSON.stringify(card)).not.toMatch(/Beak Length \(mm\)":\s*\d/); // no row values, only the spec's column names
    expect((section('2(a)').sites as { updatesAccepted: number }[]).map((x) => x.updatesAccepted)).toEqual([2, 2]);
    expect(section('2(h)').appliedBySite as unknown[]).toHaveLength(2);
    // One entry per request (each request writes one model.use entry per site): the prediction above, then the
    // marketing prediction and the export Dream's agreement refuses.
    expect(section('3').uses).toEqual({ predictionsPermitted: 1, exportsPermitted: 0, denied: 2 });
    const res = await fetch(`${coordinator.managementUrl}/api/v1/trainings/${encodeURIComponent(both.id)}/model-card?format=markdown`, {
      headers: { 'x-api-key': coordinator.connector.config.managementApi.apiKey },
    });
    expect(res.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(await res.text()).toContain('## Intended purpose and the agreements that bound it (Annex IV 1(a))');
    expect((await call(coordinator, 'GET', `/api/v1/trainings/${encodeURIComponent(both.id)}/model-card?format=pdf`)).status).toBe(400);
  });

  it("should refuse predictions after an agreement's time window, then after deletion with the receipts", async () => {
    for (const c of clocks) c.offsetMs = 2 * HOUR;
    const late = await call(coordinator, 'POST', `/api/v1/trainings/${encodeURIComponent(both.id)}/predictions`, { purpose: TRAINING_PURPOSE, rows: [ROW] });
    expect(late.status).toBe(403);
    expect(String(late.json.detail)).toContain(agreement.dream);
    expect(String(late.json.detail)).toMatch(/dateTime/);
    expect(String(late.json.detail)).not.toContain(String(agreement.biscoe));
    for (const c of clocks) c.offsetMs = 11 * HOUR; // past the deletion duty (PT10H)
    const gone = await eventually('the model to be shredded', async () => {
      await coordinator.connector.training.dutyRunner.tick();
      const r = await call(coordinator, 'POST', `/api/v1/trainings/${encodeURIComponent(alone.id)}/predictions`, { purpose: TRAINING_PURPOSE, rows: [ROW] });
      return r.status === 409 && (r.json.receipts as unknown[]).length > 0 ? r : undefined;
    });
    expect(gone.json.code).toBe('MODEL_DELETED');
    const receipt = (gone.json.receipts as { type: string[]; credentialSubject: { agreement: string } }[])[0];
    expect(receipt?.type).toContain('DeletionReceiptCredential');
    expect(receipt?.credentialSubject.agreement).toBe(agreement.biscoe);
  });
});
