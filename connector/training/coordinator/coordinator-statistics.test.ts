import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrainingSite } from '../training.js';
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

/** A loopback address nothing listens on (a port just let go): requests to it are refused, the site is unreachable. */
async function closedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/api/training/site-tp-2`;
}

describe('the feature statistics before round 1 while a site is unreachable (3 sites, minSites 2)', () => {
  it('should pool the others, count the unreachable site one missed round and have it train from round 1 with the pooled scaling', async () => {
    kit = await fakeSites(3);
    const victim = kit.sites[2]?.siteDid;
    const reachable = kit.sites[2]?.endpoint ?? '';
    const unreachable = await closedEndpoint();
    const away = kit.sites.map((s, i): TrainingSite => (i === 2 ? { ...s, endpoint: unreachable } : s));
    const pooled = await gatherStatistics(kit.training({ sites: away }), kit.deps);
    expect(pooled.failure).toBeUndefined();
    expect(pooled.scaling).toEqual(pooledScaling([statisticsOf(0), statisticsOf(1)]));
    expect(pooled.sites.map((s) => [s.status, s.missedRounds])).toEqual([
      ['active', 0],
      ['active', 0],
      ['active', 1],
    ]);
    expect(pooled.sites[2]?.reason).toBeUndefined();
    expect(pooled.rejected).toEqual([{ siteDid: victim, round: 0, reason: expect.stringMatching(/^feature statistics: PEER_UNAVAILABLE/) }]);
    // Back at its address: it delivers round 1 with the scaling pooled without it, and its missed count resets.
    const round1 = await runRound({ ...pooled, sites: pooled.sites.map((s, i) => (i === 2 ? { ...s, endpoint: reachable } : s)) }, kit.deps);
    expect(round1.failure).toBeUndefined();
    expect(round1.sites.map((s) => [s.status, s.missedRounds])).toEqual([
      ['active', 0],
      ['active', 0],
      ['active', 0],
    ]);
    const fits = kit.calls.filter((c) => c.what === 'fit');
    expect(fits.map((c) => c.siteDid)).toEqual(expect.arrayContaining([victim]));
    for (const fit of fits) expect(fit.scaling).toEqual(pooled.scaling);
  });

  it('should drop the unreachable site by the straggler rule when maxMissedRounds is 1', async () => {
    kit = await fakeSites(3);
    const unreachable = await closedEndpoint();
    const away = kit.sites.map((s, i): TrainingSite => (i === 2 ? { ...s, endpoint: unreachable } : s));
    const next = await gatherStatistics(kit.training({ sites: away, maxMissedRounds: 1 }), kit.deps);
    expect(next.failure).toBeUndefined();
    expect(next.sites[2]).toMatchObject({ status: 'dropped', missedRounds: 1, reason: expect.stringMatching(/straggler rule\); last: feature statistics: PEER_UNAVAILABLE/) });
  });
});
