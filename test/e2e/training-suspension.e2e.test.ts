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
 * A site suspends its FederatedTraining transfer between rounds and resumes it later (docs/federated-training.md,
 * the suspension paragraph). Two sites and a coordinator, minSites 1, maxMissedRounds 3: the coordinator's loop is
 * paused as round 1 is saved, the site suspends; rounds 2 and 3 close with the other site while the suspended one
 * misses them (not called, not dropped); the loop is paused again as round 3 is saved, the site resumes, and it
 * delivers rounds 4 and 5 (its round numbers continuing).
 */
const ISLANDS = ['Biscoe', 'Dream'];
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const ROUNDS = 5;
const LONG = 300_000;

interface TrainingView {
  state: string;
  currentRound: number;
  errorDetail: string | null;
  sites: { siteDid: string; status: string; reason: string | null; missedRounds: number }[];
  metrics: { round: number; sites: { siteDid: string }[] }[];
}

let dir: string;
let space: DemoDataSpace;
let sites: DemoNode[];
let victim: DemoNode;
let coordinator: DemoNode;
let agreements: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-training-suspension-'));
  space = await startDataSpace(
    dir,
    [
      ...ISLANDS.map((island) => ({ name: island.toLowerCase(), legalName: `${island} Station`, roles: ['data-site'] })),
      { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'] },
    ],
    'silent',
  );
  sites = space.nodes.slice(0, 2);
  victim = sites[1] as DemoNode;
  coordinator = space.nodes[2] as DemoNode;
  for (const [i, site] of sites.entries()) await publishTrainingOffer(site, ISLANDS[i] as string, plan, ROUNDS, coordinator.did);
  agreements = (await negotiateWithSites(coordinator, sites, () => undefined)).map((a) => a.agreementId);
}, LONG);
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
}, LONG);

/** Polls until `probe` returns a value, within most of the test's time (a round may wait for its timeout). */
const until = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => eventually(what, probe, (LONG - 20_000) / 100, 100);

describe('a site suspends its training transfer between rounds and resumes it (minSites 1 of 2, maxMissedRounds 3)', () => {
  it(
    'should go on with the other site while the transfer is suspended, count the missed rounds without dropping the site, and take its updates again after the resume',
    async () => {
      const loop = coordinator.connector.training.coordinator.loop;
      const saved: Training[] = [];
      let pauseAt: number | undefined = 1;
      let paused: Promise<void> | undefined;
      const off = coordinator.connector.events.on('training.changed', (e) => {
        saved.push(e.training);
        if (e.training.currentRound === pauseAt) {
          pauseAt = undefined;
          paused = loop.stop(); // synchronous in the saving step: no further round until the loop starts again
        }
      });
      const reached = async (round: number) => {
        await until(`round ${round}`, async () => saved.find((t) => t.currentRound === round));
        await paused;
      };
      let view: TrainingView;
      let id = '';
      try {
        ({ id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', {
          agreements,
          plan,
          purpose: TRAINING_PURPOSE,
          rounds: ROUNDS,
          minSites: 1,
          maxMissedRounds: 3,
          roundTimeoutMs: 30_000,
        }));
        await reached(1);
        const atCoordinator = saved.at(-1)?.sites.find((s) => s.siteDid === victim.did);
        const ours = String(atCoordinator?.transferId); // the coordinator's transfer with the victim
        const theirs = decodeURIComponent(String(atCoordinator?.endpoint).split('/').at(-1) ?? ''); // the victim's side of it
        const ourState = async () => (await coordinator.connector.stores.transfers.getById(ours)).state;
        const sessionAtSite = async () => (await victim.connector.training.sessions.find(theirs))?.status;

        await victim.api('POST', `/api/v1/transfers/${encodeURIComponent(theirs)}/suspend`, { reason: 'maintenance' });
        await until('our transfer to be suspended', async () => ((await ourState()) === 'SUSPENDED' ? true : undefined));
        expect(await sessionAtSite()).toBe('suspended');
        pauseAt = 3;
        loop.start();
        await reached(3);

        await victim.api('POST', `/api/v1/transfers/${encodeURIComponent(theirs)}/resume`);
        await until('our transfer to start again', async () => ((await ourState()) === 'STARTED' ? true : undefined));
        await until('the site session to run again', async () => ((await sessionAtSite()) === 'active' ? true : undefined));
        loop.start();
        view = await until('the training to end', async () => {
          const v = await coordinator.api<TrainingView>('GET', `/api/v1/trainings/${encodeURIComponent(id)}`);
          return ['PREPARING', 'RUNNING'].includes(v.state) ? undefined : v;
        });
      } finally {
        off();
        loop.start(); // never left stopped, whatever failed
      }

      expect(view.state, view.errorDetail ?? '').toBe('COMPLETED');
      const both = sites.map((n) => n.did).sort();
      const other = [(sites[0] as DemoNode).did];
      expect(view.metrics.map((m) => m.round)).toEqual([1, 2, 3, 4, 5]);
      expect(view.metrics.map((m) => m.sites.map((x) => x.siteDid).sort())).toEqual([both, other, other, both, both]);

      // The victim's count as saved after each round: it grows while suspended, and a delivered round resets it.
      const victimAfter = (round: number) =>
        saved
          .filter((t) => t.id === id)
          .find((t) => t.currentRound === round)
          ?.sites.find((x) => x.siteDid === victim.did);
      expect(victimAfter(1)).toMatchObject({ status: 'active', missedRounds: 0 });
      expect(victimAfter(2)).toMatchObject({ status: 'active', missedRounds: 1 });
      expect(victimAfter(3)).toMatchObject({ status: 'active', missedRounds: 2 });
      expect(victimAfter(4)).toMatchObject({ status: 'active', missedRounds: 0 });
      expect(view.sites.find((x) => x.siteDid === victim.did)).toMatchObject({ status: 'active', missedRounds: 0, reason: null });
      const stored = await coordinator.connector.training.trainings.getById(id);
      const missed = { siteDid: victim.did, reason: 'PEER_UNAVAILABLE: our training transfer with the site is suspended (SUSPENDED)' };
      expect(stored.rejected).toEqual([
        { ...missed, round: 2 },
        { ...missed, round: 3 },
      ]);

      // The site was not called while suspended (no refusal in its log) and served rounds 1, 4 and 5.
      const log = await victim.api<{ items: { type: string; data: { decision?: string; round?: number; task?: string } }[] }>('GET', '/api/v1/audit?limit=500');
      const decisions = log.items.filter((e) => e.type === 'training.round');
      expect(decisions.filter((e) => e.data.decision !== 'permit')).toEqual([]);
      expect(
        decisions
          .filter((e) => e.data.task === 'fit')
          .map((e) => e.data.round)
          .sort(),
      ).toEqual([1, 4, 5]);
    },
    LONG,
  );
});
