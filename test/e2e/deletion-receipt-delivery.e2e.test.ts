import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector/connector.js';
import { issueCredential } from '../../connector/identity/index.js';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import type { Training } from '../../connector/training/training.js';
import { buildDeletionReceipt, type DutyTimer } from '../../connector/usage/index.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { publishTrainingOffer, TRAINING_PURPOSE } from '../../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';
import { eventually } from '../helpers/eventually.js';
import { ShiftedClock } from '../helpers/shifted-clock.js';

const MINUTE = 60_000;
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const clock = new ShiftedClock(); // shared by the site and the coordinator: their tokens stay valid to each other
let dir: string;
let space: DemoDataSpace;
let site: DemoNode;
let coordinator: DemoNode;
let agreementId: string;

type Receipt = Record<string, unknown> & { id: string; credentialSubject: { transfer?: string; training?: string; deletedArtifacts: unknown[] } };
type Entry = { type: string; data: Record<string, unknown> };
const entries = async (node: DemoNode) => (await node.connector.audit.query({ agreementId, limit: 1000 })).items as unknown as Entry[];
const receivedAtSite = async () => (await entries(site)).filter((e) => e.type === 'deletion' && e.data.receivedFrom === coordinator.did).map((e) => e.data.receipt as Receipt);
const escalations = async () => (await entries(site)).filter((e) => e.type === 'usage.escalation').map((e) => e.data.step);
const dutiesOf = async (node: DemoNode, action: string) =>
  (await node.connector.stores.dutyTimers.list({ offset: 0, limit: 100 })).items.filter((d) => d.action === action) as DutyTimer[];
const endpointOf = (duty: DutyTimer | undefined) => String(duty?.payload.endpoint);
const tidOf = (endpoint: string) => decodeURIComponent(new URL(endpoint).pathname.split('/').pop() ?? '');

/** One training of one round; resolves with it once ended and its deletion duty scheduled (the after-work). */
const train = async (): Promise<Training> => {
  const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements: [agreementId], plan, purpose: TRAINING_PURPOSE, rounds: 1 });
  await eventually('its deletion duty', async () => ((await dutiesOf(coordinator, 'delete')).some((d) => d.payload.trainingId === id) ? true : undefined));
  return coordinator.connector.stores.trainings.getById(id);
};
/** A receipt the coordinator signs by hand (a coordinator that lies), posted to a site transfer's receipts route. */
const post = async (endpoint: string, receipt: unknown) => {
  const token = await coordinator.connector.identity?.peerAuth.tokenFor(site.did);
  const res = await fetch(`${endpoint}/receipts`, {
    method: 'POST',
    headers: { authorization: String(token), 'content-type': 'application/json' },
    body: JSON.stringify({ receipt }),
  });
  return { status: res.status, detail: res.status === 204 ? '' : String(((await res.json()) as { detail?: string }).detail) };
};
const forged = async (over: { artifacts?: { artifactClass: string; artifactName: string; ciphertextSha256: string }[]; deletedAt?: string; transferId: string }) => {
  const runtime = coordinator.connector.identity?.runtime;
  if (!runtime) throw new Error('no identity');
  return issueCredential(
    buildDeletionReceipt({
      id: `urn:uuid:${crypto.randomUUID()}`,
      issuer: runtime.did,
      agreementId,
      artifacts: over.artifacts ?? [],
      deletedAt: over.deletedAt ?? clock.isoNow(),
      transferId: over.transferId,
    }),
    { issuer: runtime.signer(), documentLoader: runtime.documentLoader, clock },
  );
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-receipt-delivery-'));
  space = await startDataSpace(
    dir,
    [
      { name: 'biscoe', legalName: 'Biscoe Station', roles: ['data-site'], clock, overrides: { 'usage.receiptGraceMs': 5 * MINUTE } },
      { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'], clock },
    ],
    'silent',
  );
  [site, coordinator] = space.nodes as [DemoNode, DemoNode];
  await publishTrainingOffer(site, 'Biscoe', plan, 20, coordinator.did, 'PT1M');
  agreementId = String((await negotiateWithSites(coordinator, [site], () => undefined))[0]?.agreementId);
  await coordinator.connector.training.dutyRunner.stop(); // the coordinator runs its duties when the test says so
}, 120_000);
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('deletion receipts bound to one training transfer, over HTTP', () => {
  it("should refuse another training's receipt, an empty one and one dated 2099, and escalate until the right one comes", async () => {
    await train();
    clock.offsetMs += 2 * MINUTE;
    await coordinator.connector.training.dutyRunner.tick();
    const [receiptA] = await eventually('receipt A at the site', async () => {
      const got = await receivedAtSite();
      return got.length === 1 ? got : undefined;
    });
    const endpointA = endpointOf((await dutiesOf(coordinator, 'deliver-receipt'))[0]);
    expect(receiptA?.credentialSubject.transfer).toBe(tidOf(endpointA));

    const b = await train();
    const endpointB = endpointOf((await dutiesOf(coordinator, 'delete')).find((d) => d.payload.trainingId === b.id));
    expect(endpointB).not.toBe(endpointA);
    const tidB = tidOf(endpointB);
    expect(await post(endpointB, receiptA)).toEqual({ status: 403, detail: `the receipt covers another training transfer (${tidOf(endpointA)}), not ${tidB}` });
    expect(await post(endpointB, await forged({ transferId: tidB }))).toEqual({ status: 403, detail: 'the receipt lists no deleted artifacts' });
    const someArtifact = [{ artifactClass: 'x', artifactName: 'nothing', ciphertextSha256: 'sha256:00' }];
    expect((await post(endpointB, await forged({ transferId: tidB, artifacts: someArtifact, deletedAt: '2099-01-01T00:00:00Z' }))).detail).toMatch(
      /not valid now: not valid before 2099/,
    );
    expect(await post(endpointA, receiptA)).toEqual({ status: 204, detail: '' }); // the same receipt again: nothing new counted
    expect(await receivedAtSite()).toHaveLength(1);

    clock.offsetMs += 10 * MINUTE; // past B's deadline and the site's grace; the coordinator has not deleted B's model
    await eventually('the site to inform about B', async () => {
      await site.connector.training.dutyRunner.tick();
      return (await escalations()).includes('inform') ? true : undefined;
    });
    expect(await escalations()).toEqual(['inform']); // A's watch was satisfied by A's receipt, B's was not
    await coordinator.connector.training.dutyRunner.tick();
    const received = await eventually('receipt B at the site', async () => ((await receivedAtSite()).length === 2 ? receivedAtSite() : undefined));
    expect(received[1]?.credentialSubject).toMatchObject({ transfer: tidB, training: b.id });
  });

  it('should deliver the stored receipt once the site is back, after many failed attempts and a restart of the coordinator', async () => {
    const c = await train();
    const siteConfig = site.connector.config;
    await site.connector.stop();
    clock.offsetMs += 2 * MINUTE;
    await coordinator.connector.training.dutyRunner.tick();
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const pending = (await dutiesOf(coordinator, 'deliver-receipt')).find((d) => d.state !== 'done');
      expect(pending).toMatchObject({ state: 'pending', lastError: expect.stringMatching(/.+/) });
      clock.offsetMs += Math.max(0, (pending?.dueAt ?? 0) - clock.now());
      await coordinator.connector.training.dutyRunner.tick();
    }
    const issued = (await entries(coordinator)).filter((e) => e.type === 'deletion' && e.data.sentTo).map((e) => e.data.receipt as Receipt);
    const receiptC = issued.at(-1);
    expect(receiptC?.credentialSubject.training).toBe(c.id);
    expect(receiptC?.credentialSubject.deletedArtifacts.length).toBeGreaterThan(0);

    // The coordinator restarts (its delivery duty is in its database), then the site comes back.
    const coordinatorConfig = coordinator.connector.config;
    await coordinator.connector.stop();
    coordinator.connector = await createConnector(coordinatorConfig, { logger: pino({ level: 'silent' }), clock });
    await coordinator.connector.start();
    site.connector = await createConnector(siteConfig, { logger: pino({ level: 'silent' }), clock });
    await site.connector.start();
    clock.offsetMs += 10 * MINUTE;
    const received = await eventually('receipt C at the site', async () => {
      await coordinator.connector.training.dutyRunner.tick();
      const got = await receivedAtSite();
      return got.some((r) => r.id === receiptC?.id) ? got : undefined;
    });
    expect(received.find((r) => r.id === receiptC?.id)).toEqual(receiptC);
    expect((await entries(coordinator)).filter((e) => e.type === 'deletion' && e.data.sentTo)).toHaveLength(issued.length); // signed once
    expect((await dutiesOf(coordinator, 'deliver-receipt')).map((d) => d.state)).toEqual(['done', 'done', 'done']);
  }, 60_000);
});
