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

const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const backend = softmaxBackend(new TrainingWorkers());
const global = backend.initialParams(plan);
let dir: string;
let space: DemoDataSpace;
let site: DemoNode;
let coordinator: DemoNode;
let endpoint: string;

/** The coordinator's raw calls to the site's training endpoint (what a dishonest coordinator could send). */
async function call(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await coordinator.connector.identity?.peerAuth.tokenFor(site.did);
  const res = await fetch(`${endpoint}/${path}`, {
    method: 'POST',
    headers: { authorization: token ?? '', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}
const roundToken = async (round: number, purpose = TRAINING_PURPOSE, params = global) =>
  String((await call('token', { round, task: 'fit', purpose, globalModelHash: backend.modelHash(params) })).body.token);
const fit = (round: number, token: string, extra: Record<string, unknown> = {}) =>
  call('rounds', { round, task: 'fit', purpose: TRAINING_PURPOSE, plan, global, ...extra }, { 'x-kontor-round-token': token });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-attacks-'));
  space = await startDataSpace(
    dir,
    [
      { name: 'site', legalName: 'Biscoe', roles: ['data-site'] },
      { name: 'coordinator', legalName: 'C', roles: ['coordinator'] },
    ],
    'silent',
  );
  [site, coordinator] = space.nodes as [DemoNode, DemoNode];
  await publishTrainingOffer(site, 'Biscoe', plan, 3, coordinator.did);
  const [agreement] = await negotiateWithSites(coordinator, [site], () => undefined);
  const started = new Promise<void>((resolve) =>
    coordinator.connector.events.on('transfer.stateChanged', (e) => {
      if (e.to === 'STARTED') resolve();
    }),
  );
  const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/transfers', {
    agreementId: agreement?.agreementId,
    transferType: 'FederatedTraining',
    purpose: TRAINING_PURPOSE,
  });
  await started;
  endpoint = String((await coordinator.connector.stores.transfers.getById(id)).edr?.endpoint);
});
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the site gate against a dishonest or compromised coordinator (attack table, docs/federated-training.md)', () => {
  it('row 1: a round token is single-use and bound to its round', async () => {
    const token = await roundToken(1);
    expect((await fit(1, token)).status).toBe(200);
    expect((await fit(1, token)).status).toBe(403); // replayed
    expect((await fit(2, token)).body.detail).toMatch(/another round/); // reused for the next round
  });

  it('row 1: a round token is bound to the global model it was issued for', async () => {
    const token = await roundToken(
      2,
      TRAINING_PURPOSE,
      global.map((v) => v + 1),
    );
    expect((await fit(2, token)).body.detail).toMatch(/global model differs/);
  });

  it('row 2: a wrong purpose, plan or epoch count is denied with the failing constraint', async () => {
    const other = await roundToken(2, 'https://w3id.org/kontor/purpose/marketing');
    expect((await fit(2, other, { purpose: 'https://w3id.org/kontor/purpose/marketing' })).body.detail).toMatch(/purpose/);
    expect((await fit(2, await roundToken(2), { plan: { ...plan, localEpochs: 50 } })).body.detail).toMatch(/planHash|localEpochs/);
  });

  it('row 3: an older or repeated round is refused; a later round is served and counts once against the round budget', async () => {
    const session = async () => (await site.connector.training.sessions.listActive())[0];
    expect(await session()).toMatchObject({ roundsDone: 1, lastRound: 1 });
    expect((await fit(1, await roundToken(1))).body.detail).toMatch(/round 1 was already served or is older than the last served round 1 \(no replaying rounds\)/);
    // Round 2 missed (the site was unreachable, say): the coordinator asks for round 3 next, and the site serves it.
    expect((await fit(3, await roundToken(3))).status).toBe(200);
    expect(await session()).toMatchObject({ roundsDone: 2, lastRound: 3 });
    expect((await fit(3, await roundToken(3))).body.detail).toMatch(/round 3 was already served or is older than the last served round 3/);
    expect((await fit(2, await roundToken(2))).body.detail).toMatch(/round 2 was already served or is older than the last served round 3/);
    expect(await session()).toMatchObject({ roundsDone: 2, lastRound: 3 });
    // The budget (count lteq 3, fl:TrainingRound) counts rounds served, not round numbers: round 4 is the third, round 5 one too many.
    expect((await fit(4, await roundToken(4))).status).toBe(200);
    expect((await fit(5, await roundToken(5))).body.detail).toMatch(/count lteq 3 \(fl:TrainingRound\) does not hold: saw 4/);
    expect(await session()).toMatchObject({ roundsDone: 3, lastRound: 4 });
  });

  it('row 8: a crafted global model with a huge norm ("trap weights") is refused before anything trains on it', async () => {
    const trap = global.map((_, i) => (i % 2 === 0 ? 1e6 : -1e6));
    const token = await roundToken(2, TRAINING_PURPOSE, trap);
    const res = await call('rounds', { round: 2, task: 'fit', purpose: TRAINING_PURPOSE, plan, global: trap }, { 'x-kontor-round-token': token });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/global model's norm .* exceeds this site's bound 1000 \(training.maxModelNorm\)/);
  });

  it('should answer malformed round requests with 400 and a problem, never a 500', async () => {
    for (const body of [
      {},
      { round: 'x', task: 'fit' },
      { round: 2, task: 'hack', purpose: TRAINING_PURPOSE, plan, global },
      { round: 2, task: 'fit', purpose: TRAINING_PURPOSE, plan: { model: 'other' }, global },
      { round: 2, task: 'fit', purpose: TRAINING_PURPOSE, plan, global: ['x'] },
    ]) {
      const res = await call('rounds', body, { 'x-kontor-round-token': 'anything' });
      expect(res.status, `${JSON.stringify(res.body)} for ${JSON.stringify(body).slice(0, 60)}`).toBe(400);
    }
  });

  it('row 4: a revoked member is refused at the next round once the site re-checks its credentials', async () => {
    expect(await space.authority.service.revoke(coordinator.did)).toBeGreaterThan(0);
    await site.api('POST', '/api/v1/identity/cache/flush');
    expect((await call('token', { round: 2, task: 'fit', purpose: TRAINING_PURPOSE, globalModelHash: backend.modelHash(global) })).status).toBe(401);
    // The flush is an event for the site's policy monitor: it re-checks the coordinator's credentials (status list)
    // and ends the live training transfer, recording why.
    const live = (await site.connector.stores.transfers.list({ offset: 0, limit: 10 })).items.find((t) => t.role === 'provider');
    await eventually('the policy monitor to end the training transfer', async () =>
      (await site.connector.stores.transfers.findById(String(live?.id)))?.state === 'TERMINATED' ? true : undefined,
    );
    const log = await site.api<{ items: { type: string; data: { decision?: string; reason?: string } }[] }>('GET', '/api/v1/audit?limit=500');
    expect(log.items.find((e) => e.type === 'policy.decision' && e.data.decision === 'deny')?.data.reason).toMatch(
      /credentials no longer hold: MembershipCredential.*revocation bit \d+ is set/,
    );
  });

  it('row 10: every decision, denials too, is in the site audit log, and the chain is intact', async () => {
    const log = await site.api<{ items: { type: string; data: { decision?: string } }[] }>('GET', '/api/v1/audit?limit=500');
    const decisions = log.items.filter((e) => e.type === 'training.round').map((e) => e.data.decision);
    expect(decisions.filter((d) => d === 'deny').length).toBeGreaterThanOrEqual(4);
    expect(await site.api('GET', '/api/v1/audit/verify')).toMatchObject({ ok: true });
  });
});
