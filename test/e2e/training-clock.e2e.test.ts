import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock, toIso } from '../../core/index.js';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import { softmaxBackend } from '../../connector/training/backend/softmax-backend.js';
import { TrainingWorkers } from '../../connector/training/backend/worker-runner.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { TRAINING_PURPOSE, trainingPolicy } from '../../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';
import { ShiftedClock } from '../helpers/shifted-clock.js';

// Attack table row 11 (docs/federated-training.md): clock manipulation to stretch the training window. The site decides with its own
// clock only (PEP-1): a time the coordinator claims (a Date header, time fields in the body) changes nothing, and the
// coordinator's own clock can only differ from the site's by the token skew bound (5 s), or its DCP tokens are refused.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const backend = softmaxBackend(new TrainingWorkers());
const global = backend.initialParams(plan);
/** The training window: opened an hour ago, closes in an hour (real time when the test starts). */
const opened = systemClock.now() - HOUR;
const closes = systemClock.now() + HOUR;
const siteClock = new ShiftedClock();
const coordinatorClock = new ShiftedClock();
/** What the site logs at warn level (the reason a protocol caller was rejected is only logged, never sent to the caller). */
const siteLog: string[] = [];
let dir: string;
let space: DemoDataSpace;
let site: DemoNode;
let coordinator: DemoNode;
let endpoint: string;

function windowedPolicy(): Record<string, unknown> {
  const policy = trainingPolicy(plan, 5, coordinator.did) as { permission: { constraint: { and: unknown[] }[] }[] };
  const window = [
    { leftOperand: 'dateTime', operator: 'gteq', rightOperand: { '@value': toIso(opened), '@type': 'xsd:dateTime' } },
    { leftOperand: 'dateTime', operator: 'lteq', rightOperand: { '@value': toIso(closes), '@type': 'xsd:dateTime' } },
  ];
  policy.permission[0]?.constraint[0]?.and.push(...window);
  return policy;
}

/** A raw call of the coordinator to the site's training endpoint, authenticated with a DCP token minted on the coordinator's clock. */
async function call(path: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await coordinator.connector.identity?.peerAuth.tokenFor(site.did);
  const res = await fetch(`${endpoint}/${path}`, {
    method: 'POST',
    headers: { authorization: token ?? '', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** The way a caller could claim "it is now `at`" that the site's routes take: the Date header (time fields in a body are refused, see (a)). */
const claiming = (at: number) => ({ headers: { date: new Date(at).toUTCString() } });
/** Time fields a caller might add to a body to claim "it is now `at`". */
const timeFields = (at: number) => ({ now: toIso(at), time: toIso(at), dateTime: toIso(at), timestamp: at });

/** Asks for a round token and runs the fit round, both requests claiming the time `at`. */
async function fitClaiming(round: number, at: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const claim = claiming(at);
  const issued = await call('token', { round, task: 'fit', purpose: TRAINING_PURPOSE, globalModelHash: backend.modelHash(global) }, claim.headers);
  expect(issued.status, JSON.stringify(issued.body)).toBe(200);
  return call('rounds', { round, task: 'fit', purpose: TRAINING_PURPOSE, plan, global }, { ...claim.headers, 'x-kontor-round-token': String(issued.body.token) });
}

const roundDecisions = async () =>
  (
    await site.api<{ items: { at: string; type: string; data: { decision?: string; reason?: string; round?: number; task?: string } }[] }>('GET', '/api/v1/audit?limit=500')
  ).items.filter((e) => e.type === 'training.round');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-clock-'));
  const siteLogger = pino({ level: 'warn' }, { write: (line: string) => void siteLog.push(line) });
  space = await startDataSpace(
    dir,
    [
      // The policy monitor would end the transfer once the window closed by the site's clock; these tests look at the round gate itself.
      { name: 'site', legalName: 'Biscoe', roles: ['data-site'], clock: siteClock, logger: siteLogger, overrides: { 'usage.monitorIntervalMs': 86_400_000 } },
      { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'], clock: coordinatorClock },
    ],
    'silent',
  );
  [site, coordinator] = space.nodes as [DemoNode, DemoNode];
  await site.api('POST', '/api/v1/assets', {
    id: 'penguins-biscoe',
    properties: { title: 'Penguins of Biscoe' },
    dataAddress: { type: 'TrainingData', source: 'vega-datasets/penguins', island: 'Biscoe' },
  });
  await site.api('POST', '/api/v1/policies', {
    id: 'members-only',
    policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] },
  });
  await site.api('POST', '/api/v1/policies', { id: 'windowed-study', policy: windowedPolicy() });
  await site.api('POST', '/api/v1/contract-definitions', { id: 'windowed-offer', accessPolicyId: 'members-only', contractPolicyId: 'windowed-study' });
  const [agreement] = await negotiateWithSites(coordinator, [site], () => undefined);
  const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/transfers', {
    agreementId: agreement?.agreementId,
    transferType: 'FederatedTraining',
    purpose: TRAINING_PURPOSE,
  });
  endpoint = await vi.waitFor(
    async () => {
      const t = await coordinator.connector.stores.transfers.getById(id);
      if (t.state !== 'STARTED' || !t.edr?.endpoint) throw new Error(`training transfer is ${t.state}`);
      return t.edr.endpoint;
    },
    { timeout: 60_000, interval: 50 },
  );
}, 180_000);
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  siteClock.offsetMs = 0;
  coordinatorClock.offsetMs = 0;
});

describe("row 11: the training window follows the site's clock, never the caller's (attack table, docs/federated-training.md)", { timeout: 120_000 }, () => {
  it("(a) past the window by the site's clock, a round claiming a time inside it is denied naming dateTime, and the denial is audited", async () => {
    // Both clocks an hour past the window (in step, as the skew bound demands); every claim says "inside the window".
    siteClock.offsetMs = 2 * HOUR;
    coordinatorClock.offsetMs = 2 * HOUR;
    // A time in the body is no field of the site's routes: refused, naming each, before any decision.
    const decisionsBefore = (await roundDecisions()).length;
    const claimed = await call('token', { round: 1, task: 'fit', purpose: TRAINING_PURPOSE, globalModelHash: backend.modelHash(global), ...timeFields(opened + HOUR) });
    expect([claimed.status, claimed.body.detail]).toEqual([400, expect.stringMatching(/^unknown fields: now, time, dateTime, timestamp /)]);
    expect((await roundDecisions()).length).toBe(decisionsBefore);
    const res = await fitClaiming(1, opened + HOUR); // the Date header claims "inside the window"
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.body.detail).toMatch(/dateTime/);
    const denial = (await roundDecisions()).at(-1);
    expect(denial?.data).toMatchObject({ decision: 'deny', round: 1, task: 'fit', reason: expect.stringMatching(/dateTime/) });
    expect(Date.parse(denial?.at ?? '')).toBeGreaterThan(closes); // stamped with the site's own time
    expect(await site.api('GET', '/api/v1/audit/verify')).toMatchObject({ ok: true });
  });

  it("(b) inside the window by the site's clock, the same requests are allowed, whatever time they claim", async () => {
    const inside = await fitClaiming(1, opened + HOUR);
    expect(inside.status, JSON.stringify(inside.body)).toBe(200);
    expect(inside.body.update).toMatchObject({ sampleCount: expect.any(Number) });
    const after = await fitClaiming(2, closes + DAY); // a claim of a time after the window does not deny either
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    expect((await roundDecisions()).slice(-2).map((e) => e.data.decision)).toEqual(['permit', 'permit']);
  });

  it.each([
    ['a day ahead', DAY, 'token: issued in the future'],
    ['a day behind', -DAY, 'token: token expired'],
    ['a minute ahead', 60_000, 'token: issued in the future'],
  ])('(c) a coordinator whose clock runs %s mints DCP tokens the site refuses (skew bound)', async (_name, offset, reason) => {
    coordinatorClock.offsetMs = offset;
    const before = siteLog.length;
    const res = await call('token', { round: 3, task: 'fit', purpose: TRAINING_PURPOSE, globalModelHash: backend.modelHash(global) });
    expect(res.status, JSON.stringify(res.body)).toBe(401);
    const rejected = siteLog
      .slice(before)
      .map((l) => JSON.parse(l) as { msg?: string; reason?: string })
      .filter((l) => l.msg === 'protocol caller rejected');
    expect(rejected.map((l) => l.reason)).toContain(reason);
  });

  it('(c) within the skew bound (2 s ahead) the same call is accepted', async () => {
    coordinatorClock.offsetMs = 2_000;
    const res = await call('token', { round: 3, task: 'fit', purpose: TRAINING_PURPOSE, globalModelHash: backend.modelHash(global) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('(d) the coordinator reads the window too: past it by its own clock, it sends no round at all', async () => {
    const agreementId = (await coordinator.connector.stores.agreements.list({ offset: 0, limit: 1 })).items[0]?.id;
    const decisionsBefore = (await roundDecisions()).length;
    // The transfers start in time; the moment the training is RUNNING, the coordinator's clock is past the window.
    const off = coordinator.connector.events.on('training.changed', (e) => {
      if (e.to === 'RUNNING') coordinatorClock.offsetMs = 2 * HOUR;
    });
    const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements: [agreementId], plan, purpose: TRAINING_PURPOSE, rounds: 1 });
    const t = await vi.waitFor(
      async () => {
        const training = await coordinator.connector.training.trainings.getById(id);
        if (!['FAILED', 'COMPLETED', 'STOPPED'].includes(training.state)) throw new Error(`training is ${training.state}`);
        return training;
      },
      { timeout: 60_000, interval: 50 },
    );
    off();
    expect(t.state).toBe('FAILED');
    expect(t.rejected).toEqual([expect.objectContaining({ siteDid: site.did, round: 1, reason: expect.stringMatching(/time window is closed: dateTime lteq/) })]);
    expect((await roundDecisions()).length).toBe(decisionsBefore); // nothing reached the site's gate
  });
});
