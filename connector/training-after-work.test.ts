import { describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../core/index.js';
import { penguinPlan } from './training/backend/baselines.js';
import type { Training, TrainingHead } from './training/index.js';
import { recoverTrainingAfterWork, type AfterWorkRecoveryDeps } from './training-after-work.js';

const MINUTE = 60_000;
const clock = new FixedClock(Date.parse('2027-03-01T00:00:00Z'));
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });

const head = (id: string, state: Training['state'], endedAgo: number, transfers: string[], global = [0.5]): TrainingHead => ({
  id,
  state,
  stateCount: 1,
  stateTimestamp: clock.now() - endedAgo,
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

/** Recovery over the given trainings, with transfers live unless named in `ended`, and a provenance that `has` some. */
function setup(trainings: TrainingHead[], options: { endedTransfers?: string[]; has?: string[]; failEnd?: string; busy?: string[]; identity?: boolean } = {}) {
  const ended: string[] = [];
  const issued: string[] = [];
  const deps: AfterWorkRecoveryDeps = {
    ended: async ({ offset, limit }) => ({ items: trainings.slice(offset, offset + limit), total: trainings.length }),
    full: async (id) => ({ ...(trainings.find((t) => t.id === id) as TrainingHead), metrics: [], checkpoints: [] }),
    endpointOf: async (id) => (options.endedTransfers?.includes(id) ? { ended: 'COMPLETED' } : `http://127.0.0.1:1/${id}`),
    endTransfer: async (id) => {
      if (id === options.failEnd) throw new Error('peer down');
      ended.push(id);
    },
    provenance:
      options.identity === false
        ? undefined
        : {
            provenanceOf: async (id) => (options.has?.includes(id) ? ({ trainingId: id } as never) : undefined),
            issue: async (t) => {
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
    settleMs: 10 * MINUTE,
    pageSize: 2,
  };
  return { run: () => recoverTrainingAfterWork(deps), ended, issued };
}

describe('recovering the after-work of ended trainings (a crash between a training’s last save and its after-work)', () => {
  it('ends every transfer still live and issues a completed training’s missing credential, on every page', async () => {
    const { run, ended, issued } = setup(
      [
        head('t1', 'COMPLETED', 20 * MINUTE, ['tp1', 'tp2']),
        head('t2', 'STOPPED', 20 * MINUTE, ['tp3']),
        head('t3', 'COMPLETED', 20 * MINUTE, []),
        head('t4', 'COMPLETED', 20 * MINUTE, [], []),
        head('t5', 'FAILED', 20 * MINUTE, ['tp5']),
      ],
      { endedTransfers: ['tp2'], has: ['t3'] },
    );
    expect(await run()).toEqual({ deletions: [], transfersEnded: ['tp1', 'tp3', 'tp5'], provenance: ['t1'] });
    expect(ended).toEqual(['tp1', 'tp3', 'tp5']);
    // t2 stopped and t5 failed: no model credential; t3 has one; t4's model was deleted.
    expect(issued).toEqual(['t1']);
  });

  it('leaves alone what this process still works on and what ended less than the settle time ago', async () => {
    const { run, ended, issued } = setup([head('busy', 'COMPLETED', 20 * MINUTE, ['tp1']), head('recent', 'COMPLETED', 5 * MINUTE, ['tp2'])], { busy: ['busy'] });
    expect(await run()).toEqual({ deletions: [], transfersEnded: [], provenance: [] });
    expect([ended, issued]).toEqual([[], []]);
  });

  it('issues no credential without an identity, and one training’s failure does not stop the next', async () => {
    const { run, ended, issued } = setup([head('t1', 'COMPLETED', 20 * MINUTE, ['down']), head('t2', 'COMPLETED', 20 * MINUTE, ['tp2'])], { failEnd: 'down', identity: false });
    expect(await run()).toEqual({ deletions: [], transfersEnded: ['tp2'], provenance: [] });
    expect([ended, issued]).toEqual([['tp2'], []]);
  });
});
