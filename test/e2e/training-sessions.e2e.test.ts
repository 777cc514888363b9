import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import { softmaxBackend } from '../../connector/training/backend/softmax-backend.js';
import { TrainingWorkers } from '../../connector/training/backend/worker-runner.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { publishTrainingOffer, TRAINING_PURPOSE } from '../../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';
import { eventually } from '../helpers/eventually.js';

/**
 * Training sessions (decision 0028) at a real site: a round asked for with a DCP token opens a session, later rounds
 * present it instead; every round is still gated in full, and each misuse is refused with its code.
 */
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const global = softmaxBackend(new TrainingWorkers()).initialParams(plan);
let dir: string;
let space: DemoDataSpace;
let site: DemoNode;
let coordinator: DemoNode;
let agreementId: string;

type Answer = { status: number; body: Record<string, unknown> };

async function post(endpoint: string, path: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${endpoint}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}
const dcp = async () => ({ authorization: (await coordinator.connector.identity?.peerAuth.tokenFor(site.did)) ?? '' });
const fitBody = (round: number, purpose = TRAINING_PURPOSE) => ({ round, task: 'fit', purpose, plan, global });
const withSession = (token: string) => ({ 'x-kontor-training-session': token });

/** Starts a training transfer under the agreement; its endpoint at the site. */
async function startTransfer(): Promise<string> {
  const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/transfers', { agreementId, transferType: 'FederatedTraining', purpose: TRAINING_PURPOSE });
  return eventually('the training transfer to start', async () => (await coordinator.connector.stores.transfers.getById(id)).edr?.endpoint);
}

/** A round with a DCP token: the session it opened. */
async function openSession(endpoint: string, round: number): Promise<string> {
  const first = await post(endpoint, 'rounds', fitBody(round), await dcp());
  expect(first.status, JSON.stringify(first.body)).toBe(200);
  return String((first.body.session as { token?: unknown }).token);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-sessions-'));
  space = await startDataSpace(
    dir,
    [
      { name: 'site', legalName: 'Biscoe', roles: ['data-site'] },
      { name: 'coordinator', legalName: 'C', roles: ['coordinator'] },
    ],
    'silent',
  );
  [site, coordinator] = space.nodes as [DemoNode, DemoNode];
  await publishTrainingOffer(site, 'Biscoe', plan, 20, coordinator.did);
  agreementId = String((await negotiateWithSites(coordinator, [site], () => undefined))[0]?.agreementId);
});
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('training sessions: one DCP-verified round opens them, each misuse is refused with its code', () => {
  let endpoint: string;
  let session: string;

  it('should open a session on a round asked for with a DCP token, and serve the next round on the session alone', async () => {
    endpoint = await startTransfer();
    session = await openSession(endpoint, 1);
    const next = await post(endpoint, 'rounds', fitBody(2), withSession(session));
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body).toMatchObject({ update: expect.any(Object), receipt: expect.any(String) });
    expect(next.body.session).toBeUndefined(); // no new session, and no identity token: the session stands for both
    expect(next.body.identityToken).toBeUndefined();
  });

  it('should refuse a replayed round on the session (POLICY_DENIED, the round counter)', async () => {
    const again = await post(endpoint, 'rounds', fitBody(2), withSession(session));
    expect(again).toMatchObject({ status: 403, body: { code: 'POLICY_DENIED', detail: expect.stringMatching(/already served/) } });
  });

  it('should refuse a tampered session token (UNAUTHORIZED) and one beside a DCP token (VALIDATION_FAILED)', async () => {
    const tampered = `${session.slice(0, -2)}${session.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await post(endpoint, 'rounds', fitBody(3), withSession(tampered))).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    expect(await post(endpoint, 'rounds', fitBody(3), { ...withSession(session), ...(await dcp()) })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('should refuse the session for another purpose (POLICY_DENIED, audited) and at another training transfer (UNAUTHORIZED)', async () => {
    const other = await post(endpoint, 'rounds', fitBody(3, 'https://w3id.org/kontor/purpose/marketing'), withSession(session));
    expect(other).toMatchObject({ status: 403, body: { code: 'POLICY_DENIED', detail: 'the training session was opened for another purpose' } });
    const log = await site.api<{ items: { type: string; data: { decision?: string; reason?: string } }[] }>('GET', '/api/v1/audit?limit=500');
    expect(log.items.some((e) => e.type === 'training.round' && e.data.decision === 'deny' && e.data.reason === 'the training session was opened for another purpose')).toBe(true);
    const second = await startTransfer();
    expect(await post(second, 'rounds', fitBody(3), withSession(session))).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHORIZED', detail: 'training session refused: the session is for another training transfer' },
    });
  });

  it('should refuse a session round once the coordinator is suspended (the gate re-checks standing every round)', async () => {
    await site.api('POST', '/api/v1/suspensions', { participantId: coordinator.did, reason: 'session test' });
    const refused = await post(endpoint, 'rounds', fitBody(3), withSession(session));
    // The gate's standing check, or the policy monitor that ends the transfer on a suspension, whichever comes first.
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: expect.stringMatching(/^(POLICY_DENIED|FORBIDDEN)$/), detail: expect.stringMatching(/suspended|has ended/) });
    await site.api('DELETE', `/api/v1/suspensions/${encodeURIComponent(coordinator.did)}`);
  });

  it('should pause at a suspension of the training transfer at the site and go on after its resume (old sessions refused, no receipt watch)', async () => {
    const live = await startTransfer();
    const opened = await openSession(live, 1);
    const tid = decodeURIComponent(live.split('/').at(-1) ?? '');
    const sessionAtSite = () => site.connector.training.sessions.find(tid);
    await site.api('POST', `/api/v1/transfers/${encodeURIComponent(tid)}/suspend`, { reason: 'maintenance' });
    await eventually('the site session to pause', async () => ((await sessionAtSite())?.status === 'suspended' ? true : undefined));
    const suspended = { status: 403, body: { code: 'FORBIDDEN', detail: 'the training transfer is suspended' } };
    expect(await post(live, 'rounds', fitBody(2), withSession(opened))).toMatchObject(suspended);
    expect(await post(live, 'rounds', fitBody(2), await dcp())).toMatchObject(suspended);
    // A suspension is no end: the deletion receipts are not awaited yet, and the counters stay.
    const watches = (await site.connector.stores.dutyTimers.list({ offset: 0, limit: 500 })).items.filter(
      (d) => d.action === 'await-receipt' && (d.payload as { transferId?: string }).transferId === tid,
    );
    expect(watches).toEqual([]);
    expect(await sessionAtSite()).toMatchObject({ roundsDone: 1, lastRound: 1, suspensions: 1 });
    await site.api('POST', `/api/v1/transfers/${encodeURIComponent(tid)}/resume`);
    await eventually('the training transfer to start again', async () => ((await site.connector.stores.transfers.getById(tid)).state === 'STARTED' ? true : undefined));
    await eventually('the site session to run again', async () => ((await sessionAtSite())?.status === 'active' ? true : undefined));
    expect(await post(live, 'rounds', fitBody(2), withSession(opened))).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHORIZED', detail: 'training session refused: the training transfer was suspended since the session was opened' },
    });
    expect(await post(live, 'rounds', fitBody(1), await dcp())).toMatchObject({ status: 403, body: { code: 'POLICY_DENIED', detail: expect.stringMatching(/already served/) } });
    const again = await post(live, 'rounds', fitBody(2), await dcp());
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(await post(live, 'rounds', fitBody(3), withSession(String((again.body.session as { token?: unknown }).token)))).toMatchObject({ status: 200 });
    expect(await sessionAtSite()).toMatchObject({ status: 'active', roundsDone: 3, lastRound: 3 });
  });

  it('should end every session once the coordinator is revoked and the site flushes its identity caches (UNAUTHORIZED)', async () => {
    const live = await startTransfer();
    const opened = await openSession(live, 1);
    expect(await space.authority.service.revoke(coordinator.did)).toBeGreaterThan(0);
    await site.api('POST', '/api/v1/identity/cache/flush');
    expect(await post(live, 'rounds', fitBody(2), withSession(opened))).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    expect((await post(live, 'rounds', fitBody(2), await dcp())).status).toBe(401);
  });
});
