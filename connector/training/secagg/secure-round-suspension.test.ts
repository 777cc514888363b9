import { afterEach, describe, expect, it } from 'vitest';
import { runRound } from '../coordinator/coordinator-round.js';
import { fakeSites, kitPlan, statisticsOf, updateOf } from '../../../test/helpers/training-fake-sites.js';
import type { Training } from '../training.js';

/**
 * A securely aggregated round (3 sites, threshold 2, minSites 2) while one site is suspended: before the round, between
 * the key exchange and its upload, or after its upload. The coordinator (runRound) talks to in-process sites over
 * loopback HTTP that run the real secure-aggregation protocol; the unmasked FedAvg is checked against the plain one.
 */
let kit: Awaited<ReturnType<typeof fakeSites>> | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const plan = { ...kitPlan, standardize: 'per-site', secureAggregation: { threshold: 2 } };
const global = [0, 0, 0, 0, 0, 0];
const KNOWN = 'PEER_UNAVAILABLE: our training transfer with the site is suspended (SUSPENDED)';
const TOLD = 'PEER_UNAVAILABLE: the site refused the round: the training transfer is suspended';

/** Plain FedAvg of the fake sites' updates (by index), weighted by their counts. */
const fedAvg = (sites: readonly number[]) => {
  const total = sites.reduce((n, i) => n + statisticsOf(i).sampleCount, 0);
  return global.map((_, j) => sites.reduce((s, i) => s + (updateOf(i, global)[j] ?? 0) * statisticsOf(i).sampleCount, 0) / total);
};

async function round(): Promise<{ next: Training; victim: string; callsTo: (did: string) => string[] }> {
  if (!kit) throw new Error('no kit');
  const k = kit;
  const next = await runRound(k.training({ plan: plan as never, currentRound: 0, global }), k.deps);
  return { next, victim: k.sites[2]?.siteDid ?? '', callsTo: (did) => k.calls.filter((c) => c.siteDid === did).map((c) => c.what) };
}

function expectGlobal(t: Training, sites: readonly number[]) {
  const expected = fedAvg(sites);
  expect(t.global).toHaveLength(expected.length);
  for (const [j, x] of t.global.entries()) expect(x).toBeCloseTo(expected[j] ?? Number.NaN, 3);
}

describe('secure aggregation while a site is suspended', () => {
  it('should send a site whose transfer we know to be suspended no key-exchange step (nor anything else) and count the round missed', async () => {
    kit = await fakeSites(3);
    kit.states.set('tp-2', 'SUSPENDED');
    const { next, victim, callsTo } = await round();
    expect(next.failure).toBeUndefined();
    expect(callsTo(victim)).toEqual([]);
    expect(next.sites[2]).toMatchObject({ status: 'active', missedRounds: 1 });
    expect(next.rejected).toEqual([{ siteDid: victim, round: 1, reason: KNOWN }]);
    expectGlobal(next, [0, 1]);
  });

  it("should count the site's own 403 'the training transfer is suspended' at the key exchange as missed, not as a refusal", async () => {
    kit = await fakeSites(3);
    const victim0 = kit.sites[2]?.siteDid ?? '';
    kit.suspendedAtSite.add(victim0);
    const { next, victim, callsTo } = await round();
    expect(next.failure).toBeUndefined();
    // Asked (it is active for all we know), refused each time: the key exchange, then the evaluation of the new model.
    expect(callsTo(victim)).toEqual(['keys', 'evaluate']);
    expect(next.sites[2]).toMatchObject({ status: 'active', missedRounds: 1 });
    expect(next.rejected).toEqual([{ siteDid: victim, round: 1, reason: TOLD }]);
    expectGlobal(next, [0, 1]);
  });

  it('should recover the round without a site suspended between the key exchange and its upload (a dropout: its masks removed)', async () => {
    for (const reachedUs of [true, false]) {
      kit = await fakeSites(3);
      const k = kit;
      const suspended = k.sites[2]?.siteDid ?? '';
      k.hooks.afterAnswer = (did, what) => {
        if (did !== suspended || what !== 'shares') return;
        k.suspendedAtSite.add(did);
        if (reachedUs) k.states.set('tp-2', 'SUSPENDED');
      };
      const { next, victim, callsTo } = await round();
      expect(next.failure, `reachedUs ${reachedUs}`).toBeUndefined();
      // Known to us: its upload is not asked for; not known yet: asked, and its 403 counts as missed.
      expect(callsTo(victim)).toEqual(reachedUs ? ['keys', 'shares'] : ['keys', 'shares', 'fit', 'evaluate']);
      expect(next.sites[2]).toMatchObject({ status: 'active', missedRounds: 1 });
      expect(next.rejected).toEqual([{ siteDid: victim, round: 1, reason: reachedUs ? KNOWN : TOLD }]);
      expectGlobal(next, [0, 1]);
      await k.close();
      kit = undefined;
    }
  });

  it('should unmask the sum with a site suspended after its upload: it is not asked to confirm or reveal, the others recover its self mask', async () => {
    kit = await fakeSites(3);
    const k = kit;
    const suspended = k.sites[2]?.siteDid ?? '';
    k.hooks.afterAnswer = (did, what) => {
      if (did !== suspended || what !== 'fit') return;
      k.suspendedAtSite.add(did);
      k.states.set('tp-2', 'SUSPENDED');
    };
    const { next, victim, callsTo } = await round();
    expect(next.failure).toBeUndefined();
    expect(callsTo(victim)).toEqual(['keys', 'shares', 'fit']);
    for (const other of [0, 1]) expect(callsTo(k.sites[other]?.siteDid ?? '')).toEqual(['keys', 'shares', 'fit', 'confirm', 'reveal', 'evaluate']);
    expect(next.sites[2]).toMatchObject({ status: 'active', missedRounds: 0 });
    expect(next.rejected).toEqual([]);
    expectGlobal(next, [0, 1, 2]);
  });
});
