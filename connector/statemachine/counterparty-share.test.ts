import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../core/index.js';
import { freshDatabase } from '../../test/helpers/test-database.js';
import { SqlStateEntityStore } from '../store/sql/sql-state-entity-store.js';
import { StateMachineLoop } from './state-machine-loop.js';
import { CounterPartyShare, shareOf } from './counterparty-share.js';
import type { StateEntityStore } from './state-entity-store.js';
import type { StatefulEntity } from './stateful-entity.js';

const clock = new FixedClock(1_000_000);
let store: StateEntityStore<StatefulEntity>;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const fresh = await freshDatabase('sqlite');
  store = new SqlStateEntityStore<StatefulEntity>(fresh.database, 'contract_negotiations', 'negotiation', clock);
  cleanup = fresh.cleanup;
});
afterEach(async () => cleanup());

const entity = (id: string, counterPartyId: string, stateTimestamp: number): StatefulEntity => ({
  id,
  state: 'SENDING',
  stateCount: 1,
  stateTimestamp,
  nextAttemptAt: stateTimestamp,
  pending: false,
  version: 0,
  createdAt: 0,
  updatedAt: 0,
  correlationId: `urn:uuid:${id}`,
  counterPartyId,
});

describe('CounterPartyShare', () => {
  it('should give one counterparty a quarter of the slots, at least one', () => {
    expect([shareOf(20), shareOf(4), shareOf(3), shareOf(1)]).toEqual([5, 1, 1, 1]);
    let rooms = 0;
    const share = new CounterPartyShare(2, () => rooms++);
    const a = entity('a', 'did:web:a', 0);
    expect([share.take(a), share.take(a), share.take(a)]).toEqual([true, true, false]);
    const { counterPartyId: _none, ...unpeered } = a;
    expect(share.take(unpeered)).toBe(true); // no counterparty: not counted
    share.add(a); // a hand-over runs whatever the cap
    expect(share.full()).toEqual(['did:web:a']);
    share.done(a);
    expect([share.full(), rooms]).toEqual([['did:web:a'], 0]);
    share.done(a);
    expect([share.full(), rooms]).toEqual([[], 1]);
  });
});

describe('StateMachineLoop with a counterparty whose handlings hang', () => {
  it("should handle another counterparty's entity at once, and give back the hanging peer's others without an attempt", async () => {
    // The hanging peer's four entities became due first: claimed by due time they would fill all four slots.
    for (let i = 0; i < 4; i++) await store.save(entity(`hang${i}`, 'did:web:hang', 10 + i));
    await store.save(entity('good', 'did:web:good', 100));
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    let goodDone!: () => void;
    const goodHandled = new Promise<void>((resolve) => (goodDone = resolve));
    const started: string[] = [];
    const l = new StateMachineLoop({
      name: 'test',
      store,
      processors: [
        {
          state: 'SENDING',
          process: async (e) => {
            started.push(e.id);
            if (e.counterPartyId === 'did:web:hang')
              await hung; // a callback that never answers
            else goodDone();
            return { ...e, state: 'SENT' };
          },
          onFailure: (e) => ({ ...e, state: 'FAILED' }),
        },
      ],
      owner: 'w1',
      clock,
      logger: silentLogger,
      retry: { limit: 3, baseMs: 100, capMs: 1000, random: () => 0 },
      batchSize: 4, // a share of one slot per counterparty
    });
    const ticking = l.tick();
    await goodHandled; // without the share, 'good' waits behind the hanging peer's handlings (here: for ever)
    expect(started).toEqual(['hang0', 'good']);
    // The peer's others went back at once: unleased, no attempt counted.
    for (const id of ['hang1', 'hang2', 'hang3']) {
      expect(await store.getById(id)).toMatchObject({ state: 'SENDING', stateCount: 1 });
      await store.release((await store.claimById(id, 'w2', 1000)).id, 'w2');
    }
    release();
    expect(await ticking).toBe(2);
    expect((await store.getById('good')).state).toBe('SENT');
    expect(await l.tick()).toBe(1); // the next claim takes the peer's next one, again one at a time
    expect(started).toEqual(['hang0', 'good', 'hang1']);
  });
});
