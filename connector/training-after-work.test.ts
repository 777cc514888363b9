import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FixedClock, silentLogger } from '../core/index.js';
import { freshDatabase } from '../test/helpers/test-database.js';
import type { Database } from './store/database.js';
import { noteAfterWork, SqlAfterWorkStore } from './store/sql/after-work-sql-store.js';
import { penguinPlan } from './training/backend/baselines.js';
import type { Training, TrainingHead } from './training/index.js';
import { AFTER_WORK_LEASE_MS, recoverTrainingAfterWork, runTrainingAfterWork, type AfterWorkRecoveryDeps } from './training-after-work.js';

const MINUTE = 60_000;
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });

describe('the after-work of ended trainings, claimed on a real SQLite store', () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let claims: SqlAfterWorkStore;
  const clock = new FixedClock(Date.parse('2027-03-01T00:00:00Z'));
  beforeEach(async () => {
    ({ database, cleanup } = await freshDatabase('sqlite'));
    claims = new SqlAfterWorkStore(database, clock);
  });
  afterEach(async () => cleanup());

  const head = (id: string, state: Training['state'], transfers: string[], global = [0.5]): TrainingHead => ({
    id,
    state,
    stateCount: 1,
    stateTimestamp: clock.now() - 20 * MINUTE,
    nextAttemptAt: clock.now(),
    pending: false,
    version: 1,
    createdAt: 0,
    updatedAt: 0,
    purpose: 'p',
    plan,
    planHash: 'h',
    rounds: 2,
    currentRound: 2,
    minSites: 1,
    roundTimeoutMs: 1000,
    sites: transfers.map((transferId, i) => ({ agreementId: `a${i}`, siteDid: `did:web:s${i}.example`, status: 'active' as const, transferId })),
    global,
    rejected: [],
  });

  /** The after-work of the given ended trainings (each noted as the store notes it), with transfers live unless ended, a provenance that `has` some. */
  async function setup(trainings: TrainingHead[], options: { endedTransfers?: string[]; has?: string[]; failEnd?: string[]; busy?: string[]; identity?: boolean } = {}) {
    for (const t of trainings) await noteAfterWork(database.db, t.id);
    const ended: string[] = [];
    const issued: string[] = [];
    const live = (id: string) => !options.endedTransfers?.includes(id) && !ended.includes(id);
    const deps = (owner: string): AfterWorkRecoveryDeps => ({
      claims,
      owner,
      head: async (id) => trainings.find((t) => t.id === id),
      full: async (id) => ({ ...(trainings.find((t) => t.id === id) as TrainingHead), metrics: [], checkpoints: [] }),
      endpointOf: async (id) => (live(id) ? `http://127.0.0.1:1/${id}` : { ended: 'COMPLETED' }),
      endTransfer: async (id) => {
        if (options.failEnd?.includes(id)) throw new Error('peer down');
        await new Promise((resolve) => setImmediate(resolve)); // a peer's answer takes a turn of the event loop
        ended.push(id);
      },
      provenance:
        options.identity === false
          ? undefined
          : {
              provenanceOf: async (id) => (options.has?.includes(id) || issued.includes(id) ? ({ trainingId: id } as never) : undefined),
              issue: async (t) => {
                await new Promise((resolve) => setImmediate(resolve));
                issued.push(t.id);
                return undefined;
              },
            },
      agreements: { findById: async () => undefined } as never,
      duties: {} as never,
      vault: {} as never,
      self: 'did:web:coordinator.example',
      clock,
      logger: silentLogger,
      busy: (id) => options.busy?.includes(id) ?? false,
      pageSize: 2,
    });
    return { run: (owner = 'replica-1') => recoverTrainingAfterWork(deps(owner)), deps, ended, issued };
  }

  it('ends every transfer still live and issues a completed training’s missing credential, on every page, and marks each done', async () => {
    const { run, ended, issued } = await setup(
      [head('t1', 'COMPLETED', ['tp1', 'tp2']), head('t2', 'STOPPED', ['tp3']), head('t3', 'COMPLETED', []), head('t4', 'COMPLETED', [], []), head('t5', 'FAILED', ['tp5'])],
      { endedTransfers: ['tp2'], has: ['t3'] },
    );
    expect(await run()).toEqual({ deletions: [], transfersEnded: ['tp1', 'tp3', 'tp5'], provenance: ['t1'] });
    expect(ended).toEqual(['tp1', 'tp3', 'tp5']);
    // t2 stopped and t5 failed: no model credential; t3 has one; t4's model was deleted.
    expect(issued).toEqual(['t1']);
    expect(await claims.pending({ limit: 10 })).toEqual([]);
    expect(await claims.claim('t1', 'replica-2', MINUTE)).toBe(false); // done: never again
  });

  it('leaves alone what this process still works on and what another replica holds, until its claim runs out', async () => {
    const { run, ended } = await setup([head('busy', 'COMPLETED', ['tp1']), head('held', 'COMPLETED', ['tp2'])], { busy: ['busy'], has: ['busy', 'held'] });
    expect(await claims.claim('held', 'replica-2', AFTER_WORK_LEASE_MS)).toBe(true);
    expect(await run()).toEqual({ deletions: [], transfersEnded: [], provenance: [] });
    expect(await claims.pending({ limit: 10 })).toEqual(['busy', 'held']);
    clock.advance(AFTER_WORK_LEASE_MS); // replica-2 crashed: its claim ran out
    expect(await run()).toEqual({ deletions: [], transfersEnded: ['tp2'], provenance: [] });
    expect(ended).toEqual(['tp2']);
    expect(await claims.pending({ limit: 10 })).toEqual(['busy']);
  });

  it('lets a failed item go for a later pass, and one training’s failure does not stop the next; no credential without an identity', async () => {
    const failEnd = ['down'];
    const { run, ended, issued } = await setup([head('t1', 'COMPLETED', ['down']), head('t2', 'COMPLETED', ['tp2'])], { failEnd, identity: false });
    expect(await run()).toEqual({ deletions: [], transfersEnded: ['tp2'], provenance: [] });
    expect((await claims.statusOf(['t1'])).get('t1')).toEqual({
      done: false,
      attempts: 1,
      lastError: 'recovering the after-work: peer down',
      retryAt: clock.now() + MINUTE,
    });
    failEnd.pop(); // the peer is back
    expect(await run()).toEqual({ deletions: [], transfersEnded: [], provenance: [] }); // its back-off runs still
    clock.advance(MINUTE);
    expect(await run()).toEqual({ deletions: [], transfersEnded: ['down'], provenance: [] });
    expect([ended, issued]).toEqual([['tp2', 'down'], []]);
    expect(await claims.pending({ limit: 10 })).toEqual([]);
    expect((await claims.statusOf(['t1', 't2'])).get('t1')).toEqual({ done: true, attempts: 1, lastError: 'recovering the after-work: peer down' });
  });

  it('puts a step that keeps failing off longer after each failure, from a minute up to an hour, not at every pass', async () => {
    const { run, ended } = await setup([head('t1', 'COMPLETED', ['down'])], { failEnd: ['down'], has: ['t1'] });
    const tries: number[] = [];
    for (let minute = 0; minute < 240; minute++) {
      const before = (await claims.statusOf(['t1'])).get('t1')?.attempts ?? 0;
      await run();
      if (((await claims.statusOf(['t1'])).get('t1')?.attempts ?? 0) > before) tries.push(minute);
      clock.advance(MINUTE); // the recovery looks every minute
    }
    expect(tries).toEqual([0, 1, 3, 7, 15, 31, 63, 123, 183]);
    expect(ended).toEqual([]);
  });

  it('does each item’s work once when two replicas recover at the same time', async () => {
    const trainings = Array.from({ length: 7 }, (_, i) => head(`t${i}`, 'COMPLETED', [`tp${i}`]));
    const { run, ended, issued } = await setup(trainings);
    const [a, b] = await Promise.all([run('replica-1'), run('replica-2')]);
    expect([...a.transfersEnded, ...b.transfersEnded].sort()).toEqual(trainings.map((_, i) => `tp${i}`));
    expect(ended.sort()).toEqual(trainings.map((_, i) => `tp${i}`));
    expect(issued.sort()).toEqual(trainings.map((t) => t.id));
  });

  it('at a training’s end: does the work under a claim and marks it done; leaves it to the claim’s holder; lets it go when a step failed', async () => {
    const failEnd = ['down'];
    const { deps, ended, issued, run } = await setup([head('mine', 'COMPLETED', ['tp1']), head('theirs', 'COMPLETED', ['tp2']), head('failing', 'COMPLETED', ['down'])], {
      failEnd,
    });
    const full = (id: string) => deps('x').full(id);
    let ticks = 0;
    const tick = async () => void ticks++;
    await runTrainingAfterWork(deps('replica-1'), await full('mine'), tick);
    expect([ended, issued, ticks]).toEqual([['tp1'], ['mine'], 1]);
    expect(await claims.claim('theirs', 'replica-2', AFTER_WORK_LEASE_MS)).toBe(true);
    await runTrainingAfterWork(deps('replica-1'), await full('theirs'), tick);
    expect([ended, issued, ticks]).toEqual([['tp1'], ['mine'], 1]);
    await runTrainingAfterWork(deps('replica-1'), await full('failing'), tick);
    expect(issued).toEqual(['mine', 'failing']);
    expect((await claims.statusOf(['failing'])).get('failing')).toMatchObject({ done: false, attempts: 1, lastError: 'ending a training transfer: peer down' });
    expect(await claims.pending({ limit: 10 })).toEqual(['theirs']); // the failing one waits out its back-off
    failEnd.pop();
    clock.advance(MINUTE); // and replica-2's claim on theirs runs out
    expect(await run('replica-1')).toEqual({ deletions: [], transfersEnded: ['down', 'tp2'], provenance: ['theirs'] }); // released: the recovery takes both up
  });
  it('keeps its claim while the work outlasts the lease, renewing it every third, so no other replica starts the same work', async () => {
    const { deps } = await setup([head('slow', 'COMPLETED', ['tp1'])]);
    let finish!: () => void;
    const slow = { ...deps('replica-1'), endTransfer: () => new Promise<void>((resolve) => (finish = resolve)) };
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const work = runTrainingAfterWork(slow, { ...head('slow', 'COMPLETED', ['tp1']), metrics: [], checkpoints: [] } as never, async () => undefined);
      await vi.waitFor(() => expect(finish).toBeTypeOf('function'));
      for (let i = 0; i < 6; i++) {
        clock.advance(AFTER_WORK_LEASE_MS / 3);
        await vi.advanceTimersByTimeAsync(AFTER_WORK_LEASE_MS / 3); // the renewal's turn
        expect(await claims.claim('slow', 'replica-2', AFTER_WORK_LEASE_MS)).toBe(false);
      }
      finish();
      await work;
    } finally {
      vi.useRealTimers();
    }
    expect(await claims.pending({ limit: 10 })).toEqual([]);
  });
});
