import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import { datasetRows, PENGUINS, trainingDataAddress } from '../../connector/training/backend/data-sets.js';
import { softmaxBackend } from '../../connector/training/backend/softmax-backend.js';
import { TrainingWorkers } from '../../connector/training/backend/worker-runner.js';
import type { Training } from '../../connector/training/training.js';
import type { TrainingBackend } from '../../connector/training/training-backend.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { publishTrainingOffer, TRAINING_PURPOSE } from '../../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';

// A site that signs whatever numbers it likes: its own gate's refusals of an impossible count or metric are switched off
// here (a site runs its own connector; only the coordinator's checks stand between its answers and the model).
vi.mock('../../connector/training/site/finite-release.js', async (original) => ({
  ...(await original<typeof import('../../connector/training/site/finite-release.js')>()),
  requireSampleCount: () => undefined,
  requireSound: () => undefined,
}));

/**
 * Answers that a member site signs but that cannot be true (docs/federated-training.md, attack table row 9): a negative
 * sample count that turns FedAvg's weights outside [0, 1] (a reflected update pulled past the norm bound, or the weights
 * summing to 0), and an evaluation with rates outside [0, 1] and a negative loss. Each is that site's fault: it is dropped
 * naming why, and the training goes on with the others. And a coordinator that asks a site for evaluations beyond the
 * rounds it trained (a counting oracle over the held-out rows) is refused.
 */
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const rows = (island: string) => datasetRows(trainingDataAddress(PENGUINS, island), 'train').length;
const honest = softmaxBackend(new TrainingWorkers());
let mode: 'negative' | 'cancelling' | 'evaluation' = 'negative';
const hostile: TrainingBackend = {
  ...honest,
  async trainLocally(job) {
    const u = await honest.trainLocally(job);
    const reflected = u.params.map((v, i) => (job.global[i] ?? 0) - (v - (job.global[i] ?? 0)));
    if (mode === 'negative') return { ...u, params: reflected, sampleCount: -(rows('Biscoe') - 1) };
    if (mode === 'cancelling') return { ...u, sampleCount: -(rows('Biscoe') + rows('Torgersen')) }; // the weights sum to 0
    return u;
  },
  async evaluateLocally(job) {
    const e = await honest.evaluateLocally(job);
    return mode === 'evaluation' ? { ...e, accuracy: 42, loss: -1e9, sampleCount: 1e9 } : e;
  },
};
let dir: string;
let space: DemoDataSpace;
let sites: DemoNode[];
let dream: DemoNode;
let coordinator: DemoNode;
let agreementIds: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-hostile-'));
  space = await startDataSpace(
    dir,
    [
      { name: 'biscoe', legalName: 'Biscoe Station', roles: ['data-site'] },
      { name: 'dream', legalName: 'Dream Station', roles: ['data-site'], trainingBackend: hostile },
      { name: 'torgersen', legalName: 'Torgersen Station', roles: ['data-site'] },
      { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'] },
    ],
    'silent',
  );
  sites = space.nodes.slice(0, 3);
  dream = sites[1] as DemoNode;
  coordinator = space.nodes[3] as DemoNode;
  for (const [i, site] of sites.entries()) await publishTrainingOffer(site, ['Biscoe', 'Dream', 'Torgersen'][i] as string, plan, 20, coordinator.did);
  agreementIds = (await negotiateWithSites(coordinator, sites, () => undefined)).map((a) => a.agreementId);
}, 180_000);
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function train(as: typeof mode): Promise<Training> {
  mode = as;
  const finished = new Promise<Training>((resolve) => {
    const off = coordinator.connector.events.on('training.changed', (e) => {
      if (['PREPARING', 'RUNNING'].includes(e.to)) return;
      off();
      resolve(e.training);
    });
  });
  await coordinator.api('POST', '/api/v1/trainings', { agreements: agreementIds, plan, purpose: TRAINING_PURPOSE, rounds: 2, minSites: 2 });
  return finished;
}
const norm = (p: readonly number[]) => Math.sqrt(p.reduce((s, v) => s + v * v, 0));

describe("a site's sample count that is not positive", () => {
  it('should get the update refused as that site’s fault (dropped, named, recorded), not weighed: the model stays where the honest sites take it', async () => {
    const t = await train('negative');
    expect(t.state, t.errorDetail).toBe('COMPLETED');
    const why = /^PEER_REJECTED: the update is refused: its sampleCount -\d+ is not a positive whole number$/;
    expect(t.sites.find((s) => s.siteDid === dream.did)).toMatchObject({ status: 'dropped', reason: expect.stringMatching(why) });
    expect(t.rejected).toEqual([{ siteDid: dream.did, round: 1, reason: expect.stringMatching(why) }]);
    for (const m of t.metrics) expect(m.sites.map((s) => s.siteDid)).not.toContain(dream.did);
    expect(norm(t.global)).toBeLessThan(50); // −127 against 128 took it to ~1094
    expect(t.metrics.at(-1)?.accuracy).toBeGreaterThan(0.8);
    const log = await coordinator.api<{ items: { type: string; data: unknown }[] }>('GET', '/api/v1/audit?limit=500');
    const recorded = log.items.filter((e) => e.type === 'training.round' && JSON.stringify(e.data).includes(t.id) && JSON.stringify(e.data).includes(dream.did));
    expect(recorded.map((e) => JSON.stringify(e.data))).toEqual([expect.stringMatching(/the update is refused: its sampleCount -\d+ is not a positive whole number/)]);
  });

  it('should drop the site whose count brings the weights to a sum of 0, instead of failing the whole training with nothing to aggregate', async () => {
    const t = await train('cancelling');
    expect(t.state, t.errorDetail).toBe('COMPLETED');
    expect(t.sites.find((s) => s.siteDid === dream.did)).toMatchObject({ status: 'dropped', reason: expect.stringMatching(/sampleCount -\d+ is not a positive whole number/) });
    expect(t.currentRound).toBe(2);
  });
});

describe('an evaluation whose numbers cannot be true', () => {
  it('should be refused as that site’s fault: the round, the credential and the model card average only the honest evaluations', async () => {
    const t = await train('evaluation');
    expect(t.state, t.errorDetail).toBe('COMPLETED');
    const why = /^PEER_REJECTED: the evaluation is refused: its accuracy 42 is not a rate between 0 and 1$/;
    expect(t.sites.find((s) => s.siteDid === dream.did)).toMatchObject({ status: 'dropped', reason: expect.stringMatching(why) });
    expect(t.rejected).toEqual([{ siteDid: dream.did, round: 1, reason: expect.stringMatching(why) }]);
    for (const m of t.metrics) {
      expect(m.accuracy).toBeGreaterThanOrEqual(0);
      expect(m.accuracy).toBeLessThanOrEqual(1);
      expect(m.loss).toBeGreaterThanOrEqual(0);
      expect(m.sites.find((s) => s.siteDid === dream.did)?.evaluation).toBeUndefined();
    }
    // The provenance credential is issued once the training completed (its finalMetrics are the last round's).
    const card = await vi.waitFor(
      () => coordinator.api<{ sections: { annexIV: string; content: Record<string, unknown> }[] }>('GET', `/api/v1/trainings/${encodeURIComponent(t.id)}/model-card`),
      { timeout: 60_000, interval: 50 },
    );
    const text = JSON.stringify(card.sections.find((s) => s.annexIV === '2(g)')?.content);
    const rates = [...text.matchAll(/"(?:accuracy|evalAccuracy|trainAccuracy)":(-?[\d.e+-]+)/g)].map((m) => Number(m[1]));
    expect(rates.length).toBeGreaterThan(0);
    expect(rates.filter((r) => !(r >= 0 && r <= 1))).toEqual([]);
    expect(text).not.toMatch(/"loss":-/);
  });
});

describe('evaluations beyond the rounds a site trained (row 3)', () => {
  it('should be served once per round whose fit the session served, never for a round it did not train (no counting oracle)', async () => {
    const biscoe = sites[0] as DemoNode;
    const started = new Promise<void>((resolve) => {
      const off = coordinator.connector.events.on('transfer.stateChanged', (e) => {
        if (e.to !== 'STARTED') return;
        off();
        resolve();
      });
    });
    const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/transfers', {
      agreementId: agreementIds[0],
      transferType: 'FederatedTraining',
      purpose: TRAINING_PURPOSE,
    });
    await started;
    const endpoint = String((await coordinator.connector.stores.transfers.getById(id)).edr?.endpoint);
    const global = honest.initialParams(plan);
    const call = async (round: number, task: 'fit' | 'evaluate', model = global) => {
      const res = await fetch(`${endpoint}/rounds`, {
        method: 'POST',
        headers: { authorization: (await coordinator.connector.identity?.peerAuth.tokenFor(biscoe.did)) ?? '', 'content-type': 'application/json' },
        body: JSON.stringify({ round, task, purpose: TRAINING_PURPOSE, plan, global: model }),
      });
      return { status: res.status, body: (await res.json()) as { detail?: string; evaluation?: unknown } };
    };
    expect((await call(1, 'evaluate')).body.detail).toMatch(/an evaluation is served for the training round this session served last \(none yet\) only, not round 1/);
    expect((await call(1, 'fit')).status).toBe(200);
    expect((await call(1, 'evaluate')).status).toBe(200);
    expect((await call(1, 'evaluate')).body.detail).toMatch(/round 1 was already served/);
    // Hand-made models, one per round number: none is evaluated, however the rounds are numbered.
    const served = [];
    for (let r = 2; r <= 11; r++)
      served.push(
        (
          await call(
            r,
            'evaluate',
            global.map((_, i) => (i === r % global.length ? 50 : 0)),
          )
        ).status,
      );
    expect(served.filter((s) => s === 200)).toEqual([]);
    expect((await call(999_999, 'evaluate')).body.detail).toMatch(/served last \(1\) only, not round 999999/);
    const session = (await biscoe.connector.training.sessions.listActive()).find((s) => s.lastRound === 1 && s.agreementId === agreementIds[0]);
    expect(session).toMatchObject({ roundsDone: 1, evaluationsDone: 1, lastEvaluation: 1 });
  });
});
