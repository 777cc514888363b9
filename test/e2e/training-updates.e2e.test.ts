import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import { softmaxBackend } from '../../connector/training/backend/softmax-backend.js';
import { TrainingWorkers } from '../../connector/training/backend/worker-runner.js';
import type { Training } from '../../connector/training/training.js';
import { freePort, startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { publishTrainingOffer, TRAINING_PURPOSE } from '../../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';
import { startTrainingProxy, type RoundAnswer, type TrainingProxy } from '../helpers/training-proxy.js';

// Attack table row 5 (docs/federated-training.md): stale, duplicate or forged updates. A man in the middle sits in front of each
// site's public listener (the site announces the proxy as its public URL, so the coordinator learns the proxied
// training endpoint from the transfer's EDR) and changes the sites' round answers. The coordinator must reject each
// changed update (PEP-3), record why, drop the site and leave the update out of the aggregate.

const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const backend = softmaxBackend(new TrainingWorkers());
const STALE_OR_FORGED = /stale or forged/;
let dir: string;
let space: DemoDataSpace;
let alpha: DemoNode;
let beta: DemoNode;
let coordinator: DemoNode;
let proxyA: TrainingProxy;
let proxyB: TrainingProxy;
/** Two agreements with alpha (A1, A2: the same offer twice), one with beta (B1). */
let A1: string, A2: string, B1: string;
/** alpha's genuine answer to round 1 of an earlier training under A1 (update + receipt), kept for replays. */
let recordedA1Round1: RoundAnswer | undefined;

async function train(agreements: string[], rounds: number, minSites: number): Promise<Training> {
  const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements, plan, purpose: TRAINING_PURPOSE, rounds, minSites });
  return finished(id);
}
function finished(id: string): Promise<Training> {
  return vi.waitFor(
    async () => {
      const t = await coordinator.connector.training.trainings.getById(id);
      if (t.state === 'PREPARING' || t.state === 'RUNNING') throw new Error(`training ${id} is still ${t.state} (round ${t.currentRound})`);
      return t;
    },
    { timeout: 150_000, interval: 100 },
  );
}

/** The sites each aggregated round was built from. */
const contributors = (t: Training) => t.metrics.map((m) => m.sites.map((s) => s.siteDid));
/** The hash of FedAvg over the given fit answers (the coordinator's own backend code), to show what was aggregated. */
const aggregateHash = (answers: RoundAnswer[]) =>
  backend.modelHash(backend.aggregate(answers.map((a) => ({ params: a.update?.params ?? [], sampleCount: a.update?.sampleCount ?? 0 }))));
/** alpha's genuine round-1 answer under A1, from an earlier training (run one when this test runs alone). */
async function earlierA1Round1(): Promise<RoundAnswer> {
  if (!recordedA1Round1) {
    expect((await train([A1], 1, 1)).state).toBe('COMPLETED');
    recordedA1Round1 = fitAnswer(proxyA, 1);
    proxyA.answers = [];
  }
  return recordedA1Round1;
}
const fitAnswer = (proxy: TrainingProxy, round: number) =>
  proxy.answers.find((a) => a.call.task === 'fit' && a.call.round === round)?.answer ?? expect.fail(`no fit answer for round ${round}`);

/** The coordinator rejected alpha's update of `round`, kept the reason, dropped alpha, and wrote the decision to its audit log. */
async function expectAlphaRejected(t: Training, agreementId: string, round: number, reason: RegExp): Promise<void> {
  expect(t.rejected).toEqual([{ siteDid: alpha.did, round, reason: expect.stringMatching(reason) }]);
  expect(t.sites.find((s) => s.siteDid === alpha.did)).toMatchObject({ status: 'dropped', reason: expect.stringMatching(reason) });
  expect(t.sites.find((s) => s.siteDid === beta.did)?.status).toBe('active');
  const log = await coordinator.api<{ items: { type: string; data: Record<string, unknown> }[] }>('GET', `/api/v1/audit?agreementId=${encodeURIComponent(agreementId)}&limit=500`);
  const decisions = log.items.filter((e) => e.type === 'training.round' && e.data.transferId === t.id && e.data.caller === alpha.did);
  expect(decisions.filter((e) => e.data.decision === 'deny').map((e) => ({ round: e.data.round, task: e.data.task, reason: e.data.reason }))).toEqual([
    { round, task: 'aggregate', reason: expect.stringMatching(reason) },
  ]);
  expect(decisions.filter((e) => e.data.decision === 'permit').map((e) => e.data.round)).toEqual(Array.from({ length: round - 1 }, (_, i) => i + 1));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-updates-'));
  const [portA, portB] = [await freePort(), await freePort()];
  proxyA = await startTrainingProxy(`http://127.0.0.1:${portA}`);
  proxyB = await startTrainingProxy(`http://127.0.0.1:${portB}`);
  space = await startDataSpace(
    dir,
    [
      { name: 'alpha', legalName: 'Biscoe', roles: ['data-site'], overrides: { 'publicApi.port': portA, 'publicApi.url': proxyA.url } },
      { name: 'beta', legalName: 'Dream', roles: ['data-site'], overrides: { 'publicApi.port': portB, 'publicApi.url': proxyB.url } },
      { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'] },
    ],
    'silent',
  );
  [alpha, beta, coordinator] = space.nodes as [DemoNode, DemoNode, DemoNode];
  await publishTrainingOffer(alpha, 'Biscoe', plan, 20, coordinator.did);
  await publishTrainingOffer(beta, 'Dream', plan, 20, coordinator.did);
  const viaProxy = (n: DemoNode, p: TrainingProxy) => ({ ...n, publicUrl: p.url });
  [A1, A2, B1] = (await negotiateWithSites(coordinator, [viaProxy(alpha, proxyA), viaProxy(alpha, proxyA), viaProxy(beta, proxyB)], () => undefined)).map((a) => a.agreementId) as [
    string,
    string,
    string,
  ];
}, 180_000);
afterAll(async () => {
  await space?.stop();
  await proxyA?.close();
  await proxyB?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  for (const p of [proxyA, proxyB]) {
    p.answers = [];
    p.onRoundAnswer = (_call, answer) => answer;
  }
});

describe('row 5: the coordinator rejects stale, forged and misattributed updates (attack table, docs/federated-training.md)', { timeout: 240_000 }, () => {
  it('should reach the coordinator through the proxy (the EDR names the proxied training endpoint)', async () => {
    const t = await train([A1, B1], 1, 2);
    expect(t.state, t.errorDetail).toBe('COMPLETED');
    expect(proxyA.answers.map((a) => a.call.task)).toEqual(['fit', 'evaluate']);
    expect(contributors(t)).toEqual([[alpha.did, beta.did]]);
    expect(t.metrics[0]?.modelHash).toBe(aggregateHash([fitAnswer(proxyA, 1), fitAnswer(proxyB, 1)]));
  });

  it("(a) stale: round 1's answer (update + receipt) resubmitted in round 2 is rejected and not aggregated; the training goes on with beta", async () => {
    proxyA.onRoundAnswer = (call, answer) => {
      if (call.task !== 'fit') return answer;
      if (call.round === 1) return answer;
      const old = fitAnswer(proxyA, 1);
      return { ...answer, update: old.update, receipt: old.receipt }; // a fresh identity token: only the update is stale
    };
    const t = await train([A1, B1], 2, 1);
    expect(t.state, t.errorDetail).toBe('COMPLETED');
    recordedA1Round1 = fitAnswer(proxyA, 1);
    expect(decodeJwt(fitAnswer(proxyA, 2).receipt).rnd).toBe(2); // the site did train round 2; the proxy swapped its answer
    await expectAlphaRejected(t, A1, 2, STALE_OR_FORGED);
    expect(contributors(t)).toEqual([[alpha.did, beta.did], [beta.did]]);
    expect(t.metrics[0]?.modelHash).toBe(aggregateHash([fitAnswer(proxyA, 1), fitAnswer(proxyB, 1)]));
    expect(t.metrics[1]?.modelHash).toBe(aggregateHash([fitAnswer(proxyB, 2)])); // round 2 is beta's update alone
  });

  it('(b) forged: a sample count inflated after the site signed it (more weight in FedAvg) is rejected', async () => {
    proxyA.onRoundAnswer = (call, answer) =>
      call.task === 'fit' && answer.update ? { ...answer, update: { ...answer.update, sampleCount: answer.update.sampleCount * 10 } } : answer;
    const t = await train([A1, B1], 1, 1);
    expect(t.state, t.errorDetail).toBe('COMPLETED');
    await expectAlphaRejected(t, A1, 1, STALE_OR_FORGED);
    expect(contributors(t)).toEqual([[beta.did]]);
  });

  it('(b) forged: parameters changed after the site signed them are rejected; every round is aggregated from beta alone', async () => {
    proxyA.onRoundAnswer = (call, answer) => {
      if (call.task !== 'fit' || !answer.update) return answer;
      return { ...answer, update: { ...answer.update, params: answer.update.params.map((v, i) => (i === 0 ? v + 0.25 : v)) } };
    };
    const t = await train([A1, B1], 2, 1);
    expect(t.state, t.errorDetail).toBe('COMPLETED');
    await expectAlphaRejected(t, A1, 1, STALE_OR_FORGED);
    expect(contributors(t)).toEqual([[beta.did], [beta.did]]);
    expect(t.metrics[0]?.modelHash).toBe(aggregateHash([fitAnswer(proxyB, 1)]));
    expect(proxyA.answers.filter((a) => a.call.task === 'fit').map((a) => a.call.round)).toEqual([1]); // a dropped site is not asked again
  });

  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const receiptVariants: [string, (answer: RoundAnswer) => RoundAnswer, RegExp][] = [
    ['a garbled receipt', (a) => ({ ...a, receipt: 'garbled.receipt' }), /update receipt refused/],
    ['no receipt', ({ receipt: _r, ...a }) => a as RoundAnswer, /update receipt refused/],
    [
      'an unsigned receipt (alg none) with the right claims',
      (a) => {
        const [header = '', payload = ''] = a.receipt.split('.');
        return { ...a, receipt: `${b64({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), alg: 'none' })}.${payload}.` };
      },
      /update receipt refused: not signed by the site/,
    ],
    [
      "forged params with the receipt's updateHash rewritten to match (old signature)",
      (a) => {
        const params = (a.update?.params ?? []).map((v) => v * 2);
        const [header = '', payload = '', signature = ''] = a.receipt.split('.');
        const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), updateHash: backend.modelHash(params) };
        return { ...a, update: { ...(a.update ?? { sampleCount: 0, metrics: {} }), params }, receipt: `${header}.${b64(claims)}.${signature}` };
      },
      /update receipt refused: signature verification failed/,
    ],
  ];
  it.each(receiptVariants)('(c) %s: the update is rejected; with minSites 2 the training fails naming alpha, and nothing is aggregated', async (_name, change, reason) => {
    proxyA.onRoundAnswer = (call, answer) => (call.task === 'fit' ? change(answer) : answer);
    const t = await train([A1, B1], 2, 2);
    expect(t.state).toBe('FAILED');
    expect(t.errorDetail).toMatch(/round 1: 1 of 2 sites delivered, 2 needed/);
    expect(t.errorDetail).toContain(`${alpha.did} (refused: `);
    await expectAlphaRejected(t, A1, 1, reason);
    expect(t.metrics).toEqual([]);
    expect(t.currentRound).toBe(0);
    expect(t.global).toEqual(backend.initialParams(plan)); // beta's delivered update was not aggregated alone either
  });

  it("(d) another site's answer relayed as alpha's (beta's genuine update and receipt) is rejected", async () => {
    let betaAnswer: (a: RoundAnswer) => void = () => undefined;
    const betaRound1 = new Promise<RoundAnswer>((resolve) => (betaAnswer = resolve));
    proxyB.onRoundAnswer = (call, answer) => {
      if (call.task === 'fit' && call.round === 1) betaAnswer(structuredClone(answer));
      return answer;
    };
    proxyA.onRoundAnswer = async (call, answer) => {
      if (call.task !== 'fit') return answer;
      const relayed = await betaRound1;
      return { ...answer, update: relayed.update, receipt: relayed.receipt };
    };
    const t = await train([A1, B1], 1, 1);
    expect(t.state, t.errorDetail).toBe('COMPLETED');
    await expectAlphaRejected(t, A1, 1, /update receipt refused: not signed by the site/);
    expect(contributors(t)).toEqual([[beta.did]]);
    expect(t.metrics[0]?.modelHash).toBe(aggregateHash([fitAnswer(proxyB, 1)])); // beta's update counted once, not twice
  });

  it("(d) alpha's own signed update under another agreement (A1) replayed into a training under A2 is rejected", async () => {
    const replay = await earlierA1Round1();
    expect(decodeJwt(replay.receipt)).toMatchObject({ agr: A1, rnd: 1, task: 'fit', site: alpha.did });
    proxyA.onRoundAnswer = (call, answer) => (call.task === 'fit' ? { ...answer, update: replay.update, receipt: replay.receipt } : answer);
    const t = await train([A2, B1], 1, 1);
    expect(t.state, t.errorDetail).toBe('COMPLETED');
    await expectAlphaRejected(t, A2, 1, STALE_OR_FORGED);
    expect(contributors(t)).toEqual([[beta.did]]);
  });

  // A fit receipt names the site's training transfer (`tid`), and every training starts from the same initial model:
  // only the `tid` check tells round 1 of an earlier training under the same agreement from round 1 of this one.
  it('(a) stale across trainings: round 1 of an earlier training under the same agreement is rejected in a later one', async () => {
    const replay = await earlierA1Round1();
    proxyA.onRoundAnswer = (call, answer) => (call.task === 'fit' ? { ...answer, update: replay.update, receipt: replay.receipt } : answer);
    const t = await train([A1, B1], 1, 1);
    expect(decodeJwt(replay.receipt).tid).not.toBe(decodeJwt(fitAnswer(proxyA, 1).receipt).tid); // another training transfer
    await expectAlphaRejected(t, A1, 1, STALE_OR_FORGED);
    expect(contributors(t)).toEqual([[beta.did]]);
  });

  // Two agreements with the same site in one training would count its update twice per round: refused at the start.
  it('one update per (site, round): a training naming the same site twice is refused, or takes one update of that site per round', async () => {
    const started = await coordinator
      .api<{ id: string }>('POST', '/api/v1/trainings', { agreements: [A1, A2, B1], plan, purpose: TRAINING_PURPOSE, rounds: 1, minSites: 1 })
      .catch((error: Error) => error);
    if (started instanceof Error) {
      expect(started.message).toMatch(/→ 400/);
      return;
    }
    const t = await finished(started.id);
    for (const sites of contributors(t)) expect(sites).toEqual([...new Set(sites)]);
  });
});
