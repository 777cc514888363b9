import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import type { Training } from '../../connector/training/training.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { publishTrainingOffer, TRAINING_PURPOSE } from '../../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';
import { eventually } from '../helpers/eventually.js';
import { ShiftedClock } from '../helpers/shifted-clock.js';
import { verifyWithVcAlone } from '../helpers/verify-with-vc-alone.js';

const MINUTE = 60_000;
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const clockA = new ShiftedClock();
const clockB = new ShiftedClock();
const clockC = new ShiftedClock(); // the coordinator's; moves forward with site A's so that their tokens stay valid to each other
let dir: string;
let space: DemoDataSpace;
let siteA: DemoNode; // the coordinator owes it a receipt within 10 minutes and will not send it in time
let siteB: DemoNode; // the coordinator deletes at once (PT0S) and sends the receipt
let coordinator: DemoNode;
const agreement: Record<string, string> = {};

type AuditItems = { items: { type: string; agreementId?: string; data: Record<string, unknown> }[] };
const auditOf = async (node: DemoNode, agreementId: string) => (await node.api<AuditItems>('GET', `/api/v1/audit?agreementId=${encodeURIComponent(agreementId)}&limit=500`)).items;
const steps = async (node: DemoNode, agreementId: string) => (await auditOf(node, agreementId)).filter((e) => e.type === 'usage.escalation').map((e) => e.data.step);
const pendingWatch = async (node: DemoNode) =>
  (await node.api<{ pendingDuties: { action: string; state: string }[] }>('GET', '/api/v1/deletions')).pendingDuties.find(
    (d) => d.action === 'await-receipt' && d.state === 'pending',
  );
const transferState = async (node: DemoNode, id: string) => (await node.connector.stores.transfers.findById(id))?.state;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-receipts-'));
  space = await startDataSpace(
    dir,
    [
      { name: 'biscoe', legalName: 'Biscoe Station', roles: ['data-site'], clock: clockA, overrides: { 'usage.receiptGraceMs': 0, 'usage.suspendAfterMs': 10 * MINUTE } },
      { name: 'dream', legalName: 'Dream Station', roles: ['data-site'], clock: clockB },
      { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'], clock: clockC },
    ],
    'silent',
  );
  [siteA, siteB, coordinator] = space.nodes as [DemoNode, DemoNode, DemoNode];
  await publishTrainingOffer(siteA, 'Biscoe', plan, 4, coordinator.did, 'PT10M');
  await publishTrainingOffer(siteB, 'Dream', plan, 4, coordinator.did, 'PT0S');
  for (const a of await negotiateWithSites(coordinator, [siteA, siteB], () => undefined)) agreement[a.site.name] = a.agreementId;
  const finished = new Promise<Training>((resolve) =>
    coordinator.connector.events.on('training.changed', (e) => {
      if (!['PREPARING', 'RUNNING'].includes(e.to)) resolve(e.training);
    }),
  );
  await coordinator.api('POST', '/api/v1/trainings', { agreements: [agreement.biscoe, agreement.dream], plan, purpose: TRAINING_PURPOSE, rounds: 2 });
  expect((await finished).state).toBe('COMPLETED');
  // Site B's duty (PT0S) ran when the training ended; now the coordinator stops running duties: it will never send
  // site A the receipt it owes (a repudiated deletion).
  await eventually('the receipt at site B', async () =>
    (await auditOf(siteB, String(agreement.dream))).some((e) => e.type === 'deletion' && e.data.receivedFrom === coordinator.did) ? true : undefined,
  );
  await coordinator.connector.training.dutyRunner.stop();
}, 120_000);
/** Time only moves forward here (state machines schedule by their clock). */
const advanceA = (ms: number) => {
  clockA.offsetMs = ms;
  clockC.offsetMs = ms;
};
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('deletion receipts owed to a site (attack table row 12: repudiated deletion, missed deadline)', () => {
  it('should close the watch without escalation when the receipt came in time', async () => {
    const b = String(agreement.dream);
    await eventually('the session end to be watched', () => pendingWatch(siteB));
    clockB.offsetMs = 20 * MINUTE; // past the deadline and the grace
    await eventually('the watch to close', async () => {
      await siteB.connector.training.dutyRunner.tick();
      return (await pendingWatch(siteB)) ? undefined : true;
    });
    expect(await steps(siteB, b)).toEqual([]);
    // The receipt covers the final model and every round's encrypted checkpoint.
    const received = (await auditOf(siteB, b)).find((e) => e.type === 'deletion' && e.data.receivedFrom === coordinator.did)?.data.receipt as {
      credentialSubject: { deletedArtifacts: { artifactName: string }[] };
    };
    expect(received.credentialSubject.deletedArtifacts.map((x) => x.artifactName.replace(/-[0-9a-f]{24}/, '')).sort()).toEqual(['checkpoint-r1', 'checkpoint-r2', 'model']);
    expect((await siteB.api<{ total: number }>('GET', '/api/v1/suspensions')).total).toBe(0);
  });

  it('should inform at the deadline, then suspend the coordinator, end its live transfers and refuse new business until lifted', async () => {
    const a = String(agreement.biscoe);
    await eventually('the session end to be watched', () => pendingWatch(siteA));
    // A live training transfer with the site, opened before the deadline passes.
    const { id: liveId } = await coordinator.api<{ id: string }>('POST', '/api/v1/transfers', { agreementId: a, transferType: 'FederatedTraining', purpose: TRAINING_PURPOSE });
    await eventually('the live transfer to start', async () => ((await transferState(coordinator, liveId)) === 'STARTED' ? true : undefined));

    advanceA(11 * MINUTE); // the deadline (10 min, no grace) has passed on the site's clock; no receipt came
    await eventually('the inform step', async () => {
      await siteA.connector.training.dutyRunner.tick();
      return (await steps(siteA, a)).includes('inform') ? true : undefined;
    });
    expect((await siteA.api<{ total: number }>('GET', '/api/v1/suspensions')).total).toBe(0); // not yet: inform comes first
    advanceA(22 * MINUTE); // usage.suspendAfterMs (10 min) later, still no receipt
    await eventually('the suspension', async () => {
      await siteA.connector.training.dutyRunner.tick();
      return (await steps(siteA, a)).includes('suspend') ? true : undefined;
    });
    expect(await steps(siteA, a)).toEqual(['inform', 'suspend']);
    const listed = await siteA.api<{ items: { participantId: string; source: string; agreementId: string; reason: string }[] }>('GET', '/api/v1/suspensions');
    expect(listed.items).toEqual([
      expect.objectContaining({ participantId: coordinator.did, source: 'missed-deadline', agreementId: a, reason: expect.stringMatching(/no deletion receipt/) }),
    ]);

    // The suspension is an event for the site's policy monitor: the live transfer ends now, on both sides.
    await eventually('the live transfer to end', async () => ((await transferState(coordinator, liveId)) === 'TERMINATED' ? true : undefined));
    // No new agreement and no new transfer with a suspended party.
    await expect(negotiateWithSites(coordinator, [siteA], () => undefined)).rejects.toThrow(/suspended|terminated/i);
    const { id: refusedId } = await coordinator.api<{ id: string }>('POST', '/api/v1/transfers', { agreementId: a, transferType: 'FederatedTraining', purpose: TRAINING_PURPOSE });
    await eventually('the transfer request to be refused', async () => ((await transferState(coordinator, refusedId)) === 'TERMINATED' ? true : undefined));
    const refusals = (await auditOf(siteA, a)).filter((e) => e.type === 'policy.decision' && String(e.data.reason).includes('suspended'));
    expect(refusals.length).toBeGreaterThan(0);

    // The coordinator deletes at last, 12 minutes after its deadline: it records the miss, the receipt still comes and
    // is kept, and it verifies with @digitalbazaar/vc alone; the suspension stands until the operator lifts it.
    await coordinator.connector.training.dutyRunner.tick();
    const late = await eventually(
      'the late receipt at site A',
      async () => (await auditOf(siteA, a)).find((e) => e.type === 'deletion' && e.data.receivedFrom === coordinator.did)?.data.receipt,
    );
    expect((await auditOf(coordinator, a)).find((e) => e.type === 'usage.duty')?.data).toMatchObject({ event: 'deadline missed', consequence: ['inform'] });
    expect((await siteA.api<{ total: number }>('GET', '/api/v1/suspensions')).total).toBe(1);
    const published = {
      didDocument: await (await fetch(`${coordinator.publicUrl}/.well-known/did.json`)).json(),
      servedContexts: await (await fetch(`${coordinator.publicUrl}/.well-known/kontor-contexts`)).json(),
      now: clockC.isoNow(),
    };
    const tampered = JSON.parse(JSON.stringify(late).replace(/"deletedAt":"[^"]+"/, '"deletedAt":"2020-01-01T00:00:00Z"')) as unknown;
    expect(verifyWithVcAlone({ ...published, credentials: [late, tampered] }).map((v) => v.verified)).toEqual([true, false]);

    // Only the operator lifts it (audited); then business resumes.
    await siteA.api('DELETE', `/api/v1/suspensions/${encodeURIComponent(coordinator.did)}`);
    await expect(siteA.api('GET', `/api/v1/suspensions/${encodeURIComponent(coordinator.did)}`)).rejects.toThrow(/404/);
    expect((await auditOf(siteA, a)).filter((e) => e.type === 'usage.suspension').map((e) => e.data.event)).toEqual(['lifted']);
    const [again] = await negotiateWithSites(coordinator, [siteA], () => undefined);
    expect(again?.agreementId).toBeTruthy();
  });

  it('should let the coordinator suspend a site too: its transfers with the site end, and it starts nothing new with it until lifted', async () => {
    const b = String(agreement.dream);
    clockB.offsetMs = clockC.offsetMs; // forward only: back in step with the coordinator, whose clock moved on above
    const { id: liveId } = await coordinator.api<{ id: string }>('POST', '/api/v1/transfers', { agreementId: b, transferType: 'FederatedTraining', purpose: TRAINING_PURPOSE });
    await eventually('the live transfer to start', async () => ((await transferState(coordinator, liveId)) === 'STARTED' ? true : undefined));
    const created = await coordinator.api<{ source: string }>('POST', '/api/v1/suspensions', { participantId: siteB.did, reason: 'site audit pending' });
    expect(created.source).toBe('operator');
    await eventually('the consumer-side monitor to end the transfer', async () => ((await transferState(coordinator, liveId)) === 'TERMINATED' ? true : undefined));
    await expect(coordinator.api('POST', '/api/v1/transfers', { agreementId: b, transferType: 'FederatedTraining', purpose: TRAINING_PURPOSE })).rejects.toThrow(
      /→ 403: .*suspended: by the operator/,
    );
    await expect(negotiateWithSites(coordinator, [siteB], () => undefined)).rejects.toThrow(/→ 403: .*suspended: by the operator/);
    expect((await auditOf(coordinator, b)).some((e) => e.type === 'policy.decision' && /suspended/.test(String(e.data.reason)))).toBe(true);
    await coordinator.api('DELETE', `/api/v1/suspensions/${encodeURIComponent(siteB.did)}`);
    const { id: again } = await coordinator.api<{ id: string }>('POST', '/api/v1/transfers', { agreementId: b, transferType: 'FederatedTraining', purpose: TRAINING_PURPOSE });
    await eventually('a transfer after the lift to start', async () => ((await transferState(coordinator, again)) === 'STARTED' ? true : undefined));
  });
});
