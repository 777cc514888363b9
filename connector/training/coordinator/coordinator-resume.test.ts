import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { freshDatabase } from '../../../test/helpers/test-database.js';
import { fakeSites, kitPlan } from '../../../test/helpers/training-fake-sites.js';
import { storesOn, type Stores } from '../../store/sql/create-stores.js';
import { newEntity } from '../../statemachine/new-entity.js';
import { LOOP_DEFAULTS } from '../../statemachine/loop-defaults.js';
import type { Training } from '../training.js';
import type { CoordinatorDecision } from './coordinator-round.js';
import { Coordinator, type CoordinatorOptions } from './coordinator.js';

const clock = new FixedClock(Date.parse('2027-03-01T00:00:00Z'));
let kit: Awaited<ReturnType<typeof fakeSites>>;
let stores: Stores;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ cleanup } = await freshDatabase('sqlite').then(({ database, cleanup }) => {
    stores = storesOn(database, clock);
    return { cleanup };
  }));
  kit = await fakeSites(3, { refuseReplays: true });
});
afterEach(async () => {
  await kit.close();
  await cleanup();
});

const coordinator = (owner: string, over: Partial<CoordinatorOptions> = {}) =>
  new Coordinator({
    ...kit.deps,
    clock,
    store: stores.trainings,
    ids: { next: () => 'unused' },
    owner,
    retry: { limit: 3, baseMs: 100, capMs: 1_000 },
    startTransfer: async () => 'unused',
    endpointOf: async () => undefined,
    ...over,
  });

/** A running training over the kit's three sites, scaled already (no statistics step), every site needed. */
const running = (rounds: number): Training => ({
  ...kit.training({ scaling: { mean: [0, 0], std: [1, 1] }, minSites: 3, rounds, plan: kitPlan }),
  ...newEntity('RUNNING', clock.now()),
});

/**
 * Coordinator A runs round 1, then dies in round 2 after the sites served it (its round's record never returns, and
 * every store call of a dead process hangs: no lease renewal, no save). Resolves once it is dead.
 */
async function dieInRound2(leaseMs?: number): Promise<void> {
  let dead = false;
  let died: () => void = () => undefined;
  const death = new Promise<void>((resolve) => (died = resolve));
  const never = new Promise<never>(() => undefined);
  const store = new Proxy(stores.trainings, {
    get: (target, name) => {
      const value = Reflect.get(target, name) as unknown;
      return typeof value === 'function' ? (...args: unknown[]) => (dead ? never : (value as (...a: unknown[]) => unknown).apply(target, args)) : value;
    },
  });
  const record = async (entries: readonly CoordinatorDecision[]) => {
    if (!entries.some((e) => e.round === 2)) return kit.deps.record(entries);
    dead = true;
    died();
    return never;
  };
  const a = coordinator('coordinator-a', { store, record, ...(leaseMs === undefined ? {} : { leaseMs }) });
  expect(await a.loop.tick()).toBe(1);
  expect((await stores.trainings.getById(kit.training().id)).currentRound).toBe(1);
  void a.loop.tick();
  await death;
}

const fitRounds = (siteDid: string) => kit.calls.filter((c) => c.siteDid === siteDid && c.what === 'fit').map((c) => c.round);

describe('a coordinator that dies mid-round (taken up after its lease, never replaying a round)', () => {
  it('is taken up after the configured lease and goes on with the next round number; the training completes and no site is refused', async () => {
    await stores.trainings.save(running(4));
    await dieInRound2(2_000);
    const b = coordinator('coordinator-b');
    expect(await b.loop.tick()).toBe(0); // A's lease still holds
    clock.advance(2_001); // the configured lease, not ten minutes
    expect(await b.loop.tick()).toBe(1);
    expect(await b.loop.tick()).toBe(1);
    const t = await stores.trainings.getById(kit.training().id);
    expect(t.state).toBe('COMPLETED');
    expect(t.currentRound).toBe(4);
    expect(t.metrics.map((m) => m.round)).toEqual([1, 3, 4]);
    expect(t.sites.map((s) => s.status)).toEqual(['active', 'active', 'active']);
    expect(t.rejected).toEqual([]);
    expect(kit.recorded.filter((d) => !d.accepted)).toEqual([]);
    for (const site of kit.sites) expect(fitRounds(site.siteDid)).toEqual([1, 2, 3, 4]);
  });

  it('waits no longer than the default lease (stateMachine.leaseMs) when none is configured', async () => {
    await stores.trainings.save(running(3));
    await dieInRound2();
    clock.advance(LOOP_DEFAULTS.leaseMs + 1);
    const b = coordinator('coordinator-b');
    expect(await b.loop.tick()).toBe(1);
    expect((await stores.trainings.getById(kit.training().id)).metrics.map((m) => m.round)).toEqual([1, 3]);
  });

  it('fails with the reason when the lost round was the last: no round number is left, none is asked for twice, no site is blamed', async () => {
    await stores.trainings.save(running(2));
    await dieInRound2(2_000);
    clock.advance(2_001);
    expect(await coordinator('coordinator-b').loop.tick()).toBe(1);
    const t = await stores.trainings.getById(kit.training().id);
    expect(t.state).toBe('FAILED');
    expect(t.errorDetail).toMatch(/^round 2 was asked for and never closed .* the model of round 1 is kept$/);
    expect(t.sites.map((s) => s.status)).toEqual(['active', 'active', 'active']);
    expect(t.rejected).toEqual([]);
    for (const site of kit.sites) expect(fitRounds(site.siteDid)).toEqual([1, 2]);
  });
});
