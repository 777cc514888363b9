import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../core/index.js';
import { freshDatabase } from '../../test/helpers/test-database.js';
import { SqlStateEntityStore } from '../store/sql/sql-state-entity-store.js';
import { handOff, saveForLoop } from './hand-off.js';
import { StateMachineLoop } from './state-machine-loop.js';
import type { StateEntityStore } from './state-entity-store.js';
import type { StatefulEntity } from './stateful-entity.js';

const clock = new FixedClock(1_000_000);
let store: StateEntityStore<StatefulEntity>;
let claims: number;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const fresh = await freshDatabase('sqlite');
  const sql = new SqlStateEntityStore<StatefulEntity>(fresh.database, 'contract_negotiations', 'negotiation', clock);
  claims = 0;
  // The store's methods, with the claims counted.
  store = {
    findById: (id) => sql.findById(id),
    getById: (id) => sql.getById(id),
    findByCorrelationId: (id, party) => sql.findByCorrelationId(id, party),
    save: (e, r) => sql.save(e, r),
    saveAndLease: (e, l, r) => sql.saveAndLease(e, l, r),
    claimDue: (q) => {
      claims++;
      return sql.claimDue(q);
    },
    claimById: (id, o, ms) => sql.claimById(id, o, ms),
    release: (id, o) => sql.release(id, o),
    list: (q) => sql.list(q),
  };
  cleanup = fresh.cleanup;
});
afterEach(async () => cleanup());

const entity = (id: string, state: string, extra: Partial<StatefulEntity> = {}): StatefulEntity => ({
  id,
  state,
  stateCount: 1,
  stateTimestamp: 0,
  nextAttemptAt: 0,
  pending: false,
  version: 0,
  createdAt: 0,
  updatedAt: 0,
  ...extra,
});

/** SENDING → SENT → DONE, each step a processor; `finished` resolves when an entity reaches DONE. */
function twoStepLoop(onSaved?: (l: StateMachineLoop<StatefulEntity>, after: StatefulEntity) => void) {
  let finished!: (e: StatefulEntity) => void;
  const done = new Promise<StatefulEntity>((resolve) => (finished = resolve));
  let firstTick!: () => void;
  const ticked = new Promise<void>((resolve) => (firstTick = resolve));
  const l = new StateMachineLoop<StatefulEntity>({
    name: 'test',
    store,
    processors: [
      { state: 'SENDING', process: async (e) => ({ ...e, state: 'SENT' }), onFailure: (e) => ({ ...e, state: 'FAILED' }) },
      { state: 'SENT', process: async (e) => ({ ...e, state: 'DONE' }), onFailure: (e) => ({ ...e, state: 'FAILED' }) },
    ],
    owner: 'w1',
    clock,
    logger: silentLogger,
    retry: { limit: 3, baseMs: 100, capMs: 1000, random: () => 0 },
    idleWaitMs: 3_600_000,
    onSaved: (_before, after) => {
      onSaved?.(l, after);
      if (after.state === 'DONE') finished(after);
    },
  });
  const claimsBefore = claims;
  const original = store.claimDue;
  store.claimDue = (q) => {
    const result = original(q);
    if (claims === claimsBefore + 1) void result.then(() => firstTick());
    return result;
  };
  return { loop: l, done, ticked };
}

describe('hand-off of a saved entity to its loop', () => {
  it('offers no lease while the loop is stopped, or for an entity that is pending, not due, or in a state it does not handle', async () => {
    const { loop, ticked } = twoStepLoop();
    expect(loop.leaseFor(entity('a', 'SENDING'))).toBeUndefined();
    loop.start();
    await ticked;
    try {
      expect(loop.leaseFor(entity('a', 'SENDING'))).toEqual({ owner: 'w1', leaseMs: expect.any(Number) });
      expect(loop.leaseFor(entity('a', 'SENDING', { pending: true }))).toBeUndefined();
      expect(loop.leaseFor(entity('a', 'SENDING', { nextAttemptAt: clock.now() + 1 }))).toBeUndefined();
      expect(loop.leaseFor(entity('a', 'DONE'))).toBeUndefined();
    } finally {
      await loop.stop();
    }
    expect(loop.leaseFor(entity('a', 'SENDING'))).toBeUndefined();
  });

  it('hands a change saved with the loop’s lease over at once, and follows each step that leaves it work, without a claim', async () => {
    const { loop, done, ticked } = twoStepLoop();
    loop.start();
    await ticked;
    const claimsAfterStart = claims;
    const { saved, leased } = await saveForLoop(store, loop, entity('a', 'SENDING'));
    expect(leased).toBe(true);
    handOff(loop, saved, leased);
    expect((await done).id).toBe('a');
    await loop.stop();
    expect(claims).toBe(claimsAfterStart);
    expect((await store.getById('a')).state).toBe('DONE');
    // The lease was given back with the last step: anyone may claim the entity now.
    expect((await store.claimById('a', 'w2', 1000)).state).toBe('DONE');
  });

  it('wakes the loop to claim instead when another worker holds the entity’s lease', async () => {
    const first = await store.save(entity('a', 'SENT'));
    await store.claimById('a', 'other-replica', 60_000);
    const { loop, ticked } = twoStepLoop();
    loop.start();
    await ticked;
    try {
      const { saved, leased } = await saveForLoop(store, loop, { ...first, state: 'SENDING' });
      expect(leased).toBe(false);
      expect(saved.state).toBe('SENDING');
    } finally {
      await loop.stop();
    }
  });

  it('wakes the loop for a change it did not lease only when the entity is due work for it', async () => {
    const { loop, ticked } = twoStepLoop();
    loop.start();
    await ticked;
    let wakes = 0;
    const counted = { wake: () => wakes++, leaseFor: (e: StatefulEntity) => loop.leaseFor(e) };
    try {
      handOff(counted, entity('a', 'DONE'), false);
      handOff(counted, entity('b', 'SENDING', { pending: true }), false);
      handOff(counted, entity('c', 'SENDING', { nextAttemptAt: clock.now() + 1 }), false);
      expect(wakes).toBe(0);
      handOff(counted, entity('d', 'SENDING'), false);
      expect(wakes).toBe(1);
      // A hand-off without leaseFor cannot tell: it always wakes.
      handOff({ wake: () => wakes++ }, entity('e', 'DONE'), false);
      expect(wakes).toBe(2);
    } finally {
      await loop.stop();
    }
  });

  it('stop() waits for the step of an entity it adopted, and gives its lease back instead of following on', async () => {
    const { loop, ticked } = twoStepLoop();
    loop.start();
    await ticked;
    const { saved, leased } = await saveForLoop(store, loop, entity('a', 'SENDING'));
    loop.adopt(saved);
    await loop.stop();
    expect(leased).toBe(true);
    expect((await store.claimById('a', 'w2', 1000)).state).toBe('SENT');
  });

  it('does not follow on once the loop was stopped from the step’s own save (onSaved), and gives the lease back', async () => {
    let stopped!: (p: Promise<void>) => void;
    const stopping = new Promise<Promise<void>>((resolve) => (stopped = resolve));
    const { loop, ticked } = twoStepLoop((l, after) => {
      if (after.state === 'SENT') stopped(l.stop());
    });
    loop.start();
    await ticked;
    const { saved, leased } = await saveForLoop(store, loop, entity('a', 'SENDING'));
    handOff(loop, saved, leased);
    await await stopping;
    expect((await store.claimById('a', 'w2', 1000)).state).toBe('SENT');
  });
});
