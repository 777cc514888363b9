import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { penguinPlan, testAccuracy } from '../../connector/training/backend/baselines.js';
import type { Training } from '../../connector/training/training.js';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { publishTrainingOffer, TRAINING_PURPOSE } from '../../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';
import { eventually } from '../helpers/eventually.js';

/**
 * A site suspends its training transfer during a training with secure aggregation (threshold 2, three sites, minSites
 * 2, maxMissedRounds 3): round 2 runs its key exchange, shares, masked fits and unmasking with the two other sites only,
 * the suspended site is sent no key-exchange step (the coordinator knows its transfer is suspended: the missed round
 * names our side's state, not the site's 403), and after the resume it takes part in round 3 again.
 */
const ISLANDS = ['Biscoe', 'Dream', 'Torgersen'];
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01, secureAggregation: { threshold: 2 } });
const ROUNDS = 3;
const LONG = 120_000;

let dir: string;
let space: DemoDataSpace;
let sites: DemoNode[];
let victim: DemoNode;
let coordinator: DemoNode;
let agreements: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-suspension-secagg-'));
  space = await startDataSpace(
    dir,
    [
      ...ISLANDS.map((island) => ({ name: island.toLowerCase(), legalName: `${island} Station`, roles: ['data-site'] })),
      { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'] },
    ],
    'silent',
  );
  sites = space.nodes.slice(0, 3);
  victim = sites[2] as DemoNode;
  coordinator = space.nodes[3] as DemoNode;
  for (const [i, site] of sites.entries()) await publishTrainingOffer(site, ISLANDS[i] as string, plan, ROUNDS, coordinator.did);
  agreements = (await negotiateWithSites(coordinator, sites, () => undefined)).map((a) => a.agreementId);
}, LONG);
afterAll(async () => {
  await space?.stop();
  rmSync(dir, { recursive: true, force: true });
}, LONG);

const until = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => eventually(what, probe, (LONG - 20_000) / 100, 100);

describe('a site suspends its training transfer under secure aggregation (threshold 2, minSites 2 of 3)', () => {
  it('should run the suspended round with the two others without a key exchange with the suspended site, and take it back after the resume', async () => {
    const loop = coordinator.connector.training.coordinator.loop;
    const saved: Training[] = [];
    let pauseAt: number | undefined = 1;
    let paused: Promise<void> | undefined;
    const off = coordinator.connector.events.on('training.changed', (e) => {
      saved.push(e.training);
      if (e.training.currentRound === pauseAt) {
        pauseAt = undefined;
        paused = loop.stop(); // in the saving step: no further round until the loop starts again
      }
    });
    const reached = async (round: number) => {
      await until(`round ${round}`, async () => saved.find((t) => t.currentRound === round));
      await paused;
    };
    let training: Training;
    try {
      const { id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', {
        agreements,
        plan,
        purpose: TRAINING_PURPOSE,
        rounds: ROUNDS,
        minSites: 2,
        maxMissedRounds: 3,
        roundTimeoutMs: 30_000,
      });
      await reached(1);
      const atCoordinator = saved.at(-1)?.sites.find((s) => s.siteDid === victim.did);
      const ours = String(atCoordinator?.transferId);
      const theirs = decodeURIComponent(String(atCoordinator?.endpoint).split('/').at(-1) ?? '');
      const ourState = async () => (await coordinator.connector.stores.transfers.getById(ours)).state;

      await victim.api('POST', `/api/v1/transfers/${encodeURIComponent(theirs)}/suspend`, { reason: 'maintenance' });
      await until('our transfer to be suspended', async () => ((await ourState()) === 'SUSPENDED' ? true : undefined));
      pauseAt = 2;
      loop.start();
      await reached(2);

      await victim.api('POST', `/api/v1/transfers/${encodeURIComponent(theirs)}/resume`);
      await until('our transfer to start again', async () => ((await ourState()) === 'STARTED' ? true : undefined));
      await until('the site session to run again', async () => ((await victim.connector.training.sessions.find(theirs))?.status === 'active' ? true : undefined));
      loop.start();
      training = await until('the training to end', async () => {
        const t = await coordinator.connector.training.trainings.getById(id);
        return ['PREPARING', 'RUNNING'].includes(t.state) ? undefined : t;
      });
    } finally {
      off();
      loop.start();
    }

    expect(training.state, training.errorDetail).toBe('COMPLETED');
    const all = sites.map((n) => n.did).sort();
    const others = sites
      .slice(0, 2)
      .map((n) => n.did)
      .sort();
    expect(training.metrics.map((m) => m.sites.map((s) => s.siteDid).sort())).toEqual([all, others, all]);
    // Missed because our side knew: with a key-exchange request the reason would be the site's 403 ("the site refused the round").
    expect(training.rejected).toEqual([{ siteDid: victim.did, round: 2, reason: 'PEER_UNAVAILABLE: our training transfer with the site is suspended (SUSPENDED)' }]);
    expect(training.sites.find((s) => s.siteDid === victim.did)).toMatchObject({ status: 'active', missedRounds: 0 });
    // Every mask was removed in every round (one left would put parameters near 2^32 / n).
    expect(Math.max(...training.global.map(Math.abs))).toBeLessThan(100);
    expect(testAccuracy(plan, training.global)).toBeGreaterThan(0.8);
  }, 30_000);
});
