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

/**
 * Attack table row 13 (docs/federated-training.md): a straggler or dead site must not block the round. Three sites and a
 * coordinator; one site's connector is stopped after round 1 (its listener is closed: connections are refused).
 * The coordinator's loop is paused at the end of round 1 (from the change event, before round 2 can start) so the
 * site dies between rounds 1 and 2 in every run, however slow the machine.
 */
const ISLANDS = ['Biscoe', 'Dream', 'Torgersen'];
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const LONG = 300_000;

interface SiteView {
  siteDid: string;
  status: string;
  reason: string | null;
  missedRounds: number;
}
interface TrainingView {
  state: string;
  currentRound: number;
  maxMissedRounds: number;
  errorDetail: string | null;
  sites: SiteView[];
  metrics: { round: number; sites: { siteDid: string }[] }[];
}

interface Space {
  dir: string;
  space: DemoDataSpace;
  sites: DemoNode[];
  coordinator: DemoNode;
  agreements: string[];
}

async function setUp(prefix: string, rounds: number): Promise<Space> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const space = await startDataSpace(
    dir,
    [
      ...ISLANDS.map((island) => ({ name: island.toLowerCase(), legalName: `${island} Station`, roles: ['data-site'] })),
      { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'] },
    ],
    'silent',
  );
  const sites = space.nodes.slice(0, 3);
  const coordinator = space.nodes[3] as DemoNode;
  for (const [i, site] of sites.entries()) await publishTrainingOffer(site, ISLANDS[i] as string, plan, rounds, coordinator.did);
  const agreements = (await negotiateWithSites(coordinator, sites, () => undefined)).map((a) => a.agreementId);
  return { dir, space, sites, coordinator, agreements };
}

async function tearDown(s: Space | undefined): Promise<void> {
  await s?.space.stop();
  if (s) rmSync(s.dir, { recursive: true, force: true });
}

/** Polls until `probe` returns a value, within most of the test's time (a round may wait for its timeout). */
const until = <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => eventually(what, probe, (LONG - 20_000) / 100, 100);

/**
 * Starts a training, pauses the coordinator's loop as round 1 is saved, stops `victim`'s connector, resumes the loop
 * and polls the training through the management API until it ends. Returns the end view, the stored training, the
 * training as saved after round 1 and every saved version from then on.
 */
async function trainAndKill(s: Space, victim: DemoNode, body: Record<string, unknown>) {
  const loop = s.coordinator.connector.training.coordinator.loop;
  const saved: Training[] = [];
  let paused: Promise<void> | undefined;
  let afterRound1: Training | undefined;
  const off = s.coordinator.connector.events.on('training.changed', (e) => {
    saved.push(e.training);
    if (e.training.currentRound === 1 && !paused) {
      paused = loop.stop(); // synchronous in the saving step: the loop runs no further round until started again
      afterRound1 = e.training;
    }
  });
  try {
    const { id } = await s.coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements: s.agreements, plan, purpose: TRAINING_PURPOSE, ...body });
    await until(async () => afterRound1, 'round 1');
    await paused;
    expect(afterRound1?.metrics.map((m) => m.sites.length)).toEqual([3]); // the victim delivered round 1
    await victim.connector.stop();
    loop.start();
    const path = `/api/v1/trainings/${encodeURIComponent(id)}`;
    const view = await until(async () => {
      const v = await s.coordinator.api<TrainingView>('GET', path);
      return ['PREPARING', 'RUNNING'].includes(v.state) ? undefined : v;
    }, 'the training to end');
    const stored = await s.coordinator.connector.training.trainings.getById(id);
    return { view, stored, afterRound1: afterRound1 as Training, saved: saved.filter((t) => t.id === id) };
  } finally {
    off();
  }
}

describe('attack table row 13: a dead site with minSites 2 of 3 (the policy allows closing with 2)', () => {
  let s: Space | undefined;
  beforeAll(async () => {
    s = await setUp('kontor-straggler-', 4);
  }, LONG);
  afterAll(() => tearDown(s), LONG);

  it(
    "should close the next rounds with the 2 live sites, count the dead site's misses, drop it after maxMissedRounds and complete",
    async () => {
      const { sites } = s as Space;
      const victim = sites[2] as DemoNode;
      const live = sites
        .slice(0, 2)
        .map((n) => n.did)
        .sort();
      const { view, stored, saved } = await trainAndKill(s as Space, victim, { rounds: 4, minSites: 2, maxMissedRounds: 2, roundTimeoutMs: 30_000 });

      expect(view.state, view.errorDetail ?? '').toBe('COMPLETED');
      expect(view.currentRound).toBe(4);
      expect(view.maxMissedRounds).toBe(2);
      expect(view.metrics.map((m) => m.round)).toEqual([1, 2, 3, 4]);
      expect(view.metrics.map((m) => m.sites.map((x) => x.siteDid).sort())).toEqual([[...live, victim.did].sort(), live, live, live]);

      // The dead site's counter as saved after each round: it grows while it misses, and it is dropped at the limit.
      const victimAfter = (round: number) => saved.find((t) => t.currentRound === round)?.sites.find((x) => x.siteDid === victim.did);
      expect(victimAfter(1)).toMatchObject({ status: 'active', missedRounds: 0 });
      expect(victimAfter(2)).toMatchObject({ status: 'active', missedRounds: 1 });
      expect(victimAfter(3)).toMatchObject({ status: 'dropped', missedRounds: 2 });

      const dead = view.sites.find((x) => x.siteDid === victim.did);
      expect(dead).toMatchObject({ status: 'dropped', missedRounds: 2 });
      expect(dead?.reason).toMatch(/missed 2 consecutive round\(s\), maxMissedRounds is 2 \(straggler rule\)/);
      expect(dead?.reason).toMatch(/PEER_UNAVAILABLE/);
      for (const did of live) expect(view.sites.find((x) => x.siteDid === did)).toMatchObject({ status: 'active', missedRounds: 0, reason: null });
      // Asked in rounds 2 and 3 only: once dropped, round 4 did not wait for it.
      expect(stored.rejected.filter((r) => r.siteDid === victim.did).map((r) => r.round)).toEqual([2, 3]);
      expect(stored.rejected.filter((r) => r.siteDid !== victim.did)).toEqual([]);
    },
    LONG,
  );
});

describe('attack table row 13: a dead site with minSites 3 of 3 (the policy does not allow closing with 2)', () => {
  let s: Space | undefined;
  beforeAll(async () => {
    s = await setUp('kontor-straggler-strict-', 3);
  }, LONG);
  afterAll(() => tearDown(s), LONG);

  it(
    "should fail the training cleanly after the kill, naming the missing site, keeping round 1's model and recording no later round",
    async () => {
      const { sites } = s as Space;
      const victim = sites[0] as DemoNode;
      const { view, stored, afterRound1 } = await trainAndKill(s as Space, victim, { rounds: 3, minSites: 3, roundTimeoutMs: 30_000 });

      expect(view.state).toBe('FAILED');
      expect(view.errorDetail).toMatch(/^round 2: 2 of 3 sites delivered, 3 needed \(minimum-reporting rule/);
      const missing = (view.errorDetail ?? '').split('missing:')[1] ?? '';
      expect(missing).toContain(victim.did);
      expect(missing).toMatch(/PEER_UNAVAILABLE/);
      for (const other of sites.slice(1)) expect(missing).not.toContain(other.did);

      // No round after the kill is recorded, and nothing was aggregated from the two updates of round 2.
      expect(view.currentRound).toBe(1);
      expect(view.metrics.map((m) => m.round)).toEqual([1]);
      expect(stored.checkpoints.map((c) => c.round)).toEqual([1]);
      expect(stored.global).toEqual(afterRound1.global);
      expect(view.sites.find((x) => x.siteDid === victim.did)).toMatchObject({ status: 'active', missedRounds: 1 });
    },
    LONG,
  );
});
