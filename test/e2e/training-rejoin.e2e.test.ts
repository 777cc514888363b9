import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import type { Training } from '../../connector/training/training.js';
import { freePort, startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { publishTrainingOffer, TRAINING_PURPOSE } from '../../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';
import { startTrainingProxy, type TrainingProxy } from '../helpers/training-proxy.js';

/**
 * Attack table row 13 (docs/federated-training.md), the other half of the straggler rule: a site that misses a round comes back.
 * A proxy in front of one site's public listener answers 503 to every training request of round 2 (fit and
 * evaluate), so the site is unreachable for exactly that round and never sees it. The coordinator then asks
 * it for round 3 (the training's round number, not the site's next one); the site serves it, since rounds only have
 * to move forward, and the training goes on with all three sites.
 */
const ISLANDS = ['Biscoe', 'Dream', 'Torgersen'];
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const ROUNDS = 4;
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
  errorDetail: string | null;
  sites: SiteView[];
  metrics: { round: number; sites: { siteDid: string }[] }[];
}

let dir: string;
let space: DemoDataSpace;
let sites: DemoNode[];
let victim: DemoNode;
let coordinator: DemoNode;
let proxy: TrainingProxy;
let agreements: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-rejoin-'));
  const port = await freePort();
  proxy = await startTrainingProxy(`http://127.0.0.1:${port}`);
  space = await startDataSpace(
    dir,
    [
      ...ISLANDS.map((island, i) => ({
        name: island.toLowerCase(),
        legalName: `${island} Station`,
        roles: ['data-site'],
        ...(i === 2 ? { overrides: { 'publicApi.port': port, 'publicApi.url': proxy.url } } : {}),
      })),
      { name: 'coordinator', legalName: 'Penguin Consortium', roles: ['coordinator'] },
    ],
    'silent',
  );
  sites = space.nodes.slice(0, 3);
  victim = sites[2] as DemoNode;
  coordinator = space.nodes[3] as DemoNode;
  for (const [i, site] of sites.entries()) await publishTrainingOffer(site, ISLANDS[i] as string, plan, ROUNDS, coordinator.did);
  const viaProxy = sites.map((n) => (n === victim ? { ...n, publicUrl: proxy.url } : n));
  agreements = (await negotiateWithSites(coordinator, viaProxy, () => undefined)).map((a) => a.agreementId);
}, LONG);
afterAll(async () => {
  await space?.stop();
  await proxy?.close();
  rmSync(dir, { recursive: true, force: true });
}, LONG);

describe('attack table row 13: a site unreachable for one round rejoins (minSites 2 of 3, maxMissedRounds 2)', () => {
  it(
    "should count the missed round, serve the site's round 3 and later rounds, reset its count and complete with all three sites",
    async () => {
      const kept: { round: number; task: string; step: string }[] = [];
      proxy.onRoundRequest = (call) => {
        if (call.round !== 2) return undefined;
        kept.push({ round: call.round, task: call.task, step: call.step });
        return 503;
      };
      const saved: Training[] = [];
      const off = coordinator.connector.events.on('training.changed', (e) => {
        saved.push(e.training);
      });
      let view: TrainingView;
      let id: string;
      try {
        ({ id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', {
          agreements,
          plan,
          purpose: TRAINING_PURPOSE,
          rounds: ROUNDS,
          minSites: 2,
          maxMissedRounds: 2,
          roundTimeoutMs: 30_000,
        }));
        view = await vi.waitFor(
          async () => {
            const v = await coordinator.api<TrainingView>('GET', `/api/v1/trainings/${encodeURIComponent(id)}`);
            if (['PREPARING', 'RUNNING'].includes(v.state)) throw new Error(`the training is still ${v.state} (round ${v.currentRound})`);
            return v;
          },
          { timeout: LONG - 30_000, interval: 100 },
        );
      } finally {
        off();
      }

      expect(view.state, view.errorDetail ?? '').toBe('COMPLETED');
      expect(view.currentRound).toBe(ROUNDS);
      const all = sites.map((n) => n.did).sort();
      const others = sites
        .filter((n) => n !== victim)
        .map((n) => n.did)
        .sort();
      expect(view.metrics.map((m) => m.round)).toEqual([1, 2, 3, 4]);
      expect(view.metrics.map((m) => m.sites.map((x) => x.siteDid).sort())).toEqual([all, others, all, all]);

      // The victim's count as saved after each round: one miss, then back to 0 once it delivered round 3.
      const victimAfter = (round: number) =>
        saved
          .filter((t) => t.id === id)
          .find((t) => t.currentRound === round)
          ?.sites.find((x) => x.siteDid === victim.did);
      expect(victimAfter(1)).toMatchObject({ status: 'active', missedRounds: 0 });
      expect(victimAfter(2)).toMatchObject({ status: 'active', missedRounds: 1 });
      expect(victimAfter(3)).toMatchObject({ status: 'active', missedRounds: 0 });
      expect(view.sites.find((x) => x.siteDid === victim.did)).toMatchObject({ status: 'active', missedRounds: 0, reason: null });
      const stored = await coordinator.connector.training.trainings.getById(id);
      expect(stored.rejected).toEqual([{ siteDid: victim.did, round: 2, reason: expect.stringMatching(/PEER_UNAVAILABLE: .* answered 503/) }]);

      // Round 2 never reached the site (its fit request was cut, and so was its evaluation: one request each, decision
      // 0028); it served 1, 3 and 4.
      expect(kept).toEqual([
        { round: 2, task: 'fit', step: 'rounds' },
        { round: 2, task: 'evaluate', step: 'rounds' },
      ]);
      const served = (task: string) => proxy.answers.filter((a) => a.call.task === task).map((a) => a.call.round);
      expect(served('fit')).toEqual([1, 3, 4]);
      expect(served('evaluate')).toEqual([1, 3, 4]);
      const log = await victim.api<{ items: { type: string; data: { decision?: string; round?: number; task?: string } }[] }>('GET', '/api/v1/audit?limit=500');
      const decisions = log.items.filter((e) => e.type === 'training.round');
      expect(decisions.filter((e) => e.data.decision !== 'permit')).toEqual([]);
      expect(
        decisions
          .filter((e) => e.data.task === 'fit')
          .map((e) => e.data.round)
          .sort(),
      ).toEqual([1, 3, 4]);

      // The site's session: 3 rounds served (the budget), the last one round 4.
      expect(new Set(proxy.answers.map((a) => a.call.transferId)).size).toBe(1);
      const session = await victim.connector.training.sessions.find(proxy.answers[0]?.call.transferId ?? '');
      expect(session).toMatchObject({ roundsDone: 3, lastRound: 4, evaluationsDone: 3, lastEvaluation: 4 });
    },
    LONG,
  );
});
