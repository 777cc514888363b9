import { afterEach, describe, expect, it } from 'vitest';
import { runRound } from './coordinator-round.js';
import { gatherStatistics } from './coordinator-statistics.js';
import { fakeSites, statisticsOf } from '../../../test/helpers/training-fake-sites.js';
import { pooledScaling } from './pooled-scaling.js';

let kit: Awaited<ReturnType<typeof fakeSites>> | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const KNOWN = 'feature statistics: PEER_UNAVAILABLE: our training transfer with the site is suspended (SUSPENDED)';
const TOLD = 'feature statistics: PEER_UNAVAILABLE: the site refused the round: the training transfer is suspended';

describe('the feature statistics before round 1 while a site is suspended (3 sites, minSites 2)', () => {
  it('should not call a site whose transfer we know to be suspended, pool the others, count it missed and keep it for later rounds', async () => {
    kit = await fakeSites(3);
    const victim = kit.sites[2]?.siteDid;
    kit.states.set('tp-2', 'SUSPENDED');
    const next = await gatherStatistics(kit.training(), kit.deps);
    expect(next.failure).toBeUndefined();
    expect(kit.calls.filter((c) => c.siteDid === victim)).toEqual([]);
    expect(next.scaling).toEqual(pooledScaling([statisticsOf(0), statisticsOf(1)]));
    expect(next.sites.map((s) => [s.status, s.missedRounds])).toEqual([
      ['active', 0],
      ['active', 0],
      ['active', 1],
    ]);
    expect(next.sites[2]?.reason).toBeUndefined();
    expect(next.rejected).toEqual([{ siteDid: victim, round: 0, reason: KNOWN }]);
    expect(kit.recorded.map((r) => [r.round, r.accepted, r.reason])).toEqual([
      [0, true, 'feature statistics accepted'],
      [0, true, 'feature statistics accepted'],
      [0, false, KNOWN],
    ]);
  });

  it("should treat the site's own 403 'the training transfer is suspended' (not reached us yet) alike", async () => {
    kit = await fakeSites(3);
    const victim = kit.sites[2]?.siteDid ?? '';
    kit.suspendedAtSite.add(victim);
    const next = await gatherStatistics(kit.training(), kit.deps);
    expect(next.failure).toBeUndefined();
    expect(next.scaling).toEqual(pooledScaling([statisticsOf(0), statisticsOf(1)]));
    expect(next.sites[2]).toMatchObject({ status: 'active', missedRounds: 1 });
    expect(next.rejected).toEqual([{ siteDid: victim, round: 0, reason: TOLD }]);
  });

  it('should have the resumed site train from round 1 with the scaling pooled without it (one scaling for every site)', async () => {
    kit = await fakeSites(3);
    kit.states.set('tp-2', 'SUSPENDED');
    const pooled = await gatherStatistics(kit.training(), kit.deps);
    kit.states.set('tp-2', 'STARTED');
    const round1 = await runRound(pooled, kit.deps);
    expect(round1.failure).toBeUndefined();
    expect(round1.currentRound).toBe(1);
    expect(round1.metrics[0]?.sites.map((s) => s.siteDid)).toEqual(kit.sites.map((s) => s.siteDid));
    expect(round1.sites.map((s) => [s.status, s.missedRounds])).toEqual([
      ['active', 0],
      ['active', 0],
      ['active', 0],
    ]);
    const fits = kit.calls.filter((c) => c.what === 'fit');
    expect(fits).toHaveLength(3);
    for (const fit of fits) expect(fit.scaling).toEqual(pooled.scaling);
  });

  it('should drop the suspended site by the straggler rule when maxMissedRounds is 1, saying it was suspended at the statistics', async () => {
    kit = await fakeSites(3);
    kit.states.set('tp-2', 'SUSPENDED');
    const next = await gatherStatistics(kit.training({ maxMissedRounds: 1 }), kit.deps);
    expect(next.failure).toBeUndefined();
    expect(next.sites[2]).toMatchObject({
      status: 'dropped',
      missedRounds: 1,
      reason: `missed 1 consecutive round(s), maxMissedRounds is 1 (straggler rule); last: ${KNOWN}`,
    });
  });

  it('should still drop a site that fails the statistics for any other reason (a refusal, an ended transfer)', async () => {
    kit = await fakeSites(3);
    const victim = kit.sites[2]?.siteDid;
    const deps = { ...kit.deps, transferEnded: async (id: string) => (id === 'tp-2' ? 'TERMINATED' : undefined) };
    const next = await gatherStatistics(kit.training(), deps);
    const reason = 'feature statistics: POLICY_DENIED: our training transfer with the site has ended: TERMINATED';
    expect(next.sites[2]).toMatchObject({ status: 'dropped', reason });
    expect(next.rejected).toEqual([{ siteDid: victim, round: 0, reason }]);
    expect(kit.calls.filter((c) => c.siteDid === victim)).toEqual([]);
  });

  it('should fail the training before round 1 when fewer than minSites deliver, naming the suspended site', async () => {
    kit = await fakeSites(3);
    kit.states.set('tp-2', 'SUSPENDED');
    const next = await gatherStatistics(kit.training({ minSites: 3 }), kit.deps);
    expect(next.failure).toBe(
      `feature statistics from 2 sites, 3 needed (${kit.sites[2]?.siteDid}: PEER_UNAVAILABLE: our training transfer with the site is suspended (SUSPENDED))`,
    );
    expect(next.scaling).toBeUndefined();
  });
});
