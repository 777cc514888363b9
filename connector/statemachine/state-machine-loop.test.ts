import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, FixedClock, silentLogger } from '../../core/index.js';
import { freshDatabase } from '../../test/helpers/test-database.js';
import { SqlStateEntityStore } from '../store/sql/sql-state-entity-store.js';
import { StateMachineLoop, type ProcessorEntry } from './state-machine-loop.js';
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

const entity = (id: string, state = 'SENDING'): StatefulEntity => ({
  id,
  state,
  stateCount: 1,
  stateTimestamp: 0,
  nextAttemptAt: 0,
  pending: false,
  version: 0,
  createdAt: 0,
  updatedAt: 0,
});

function loop(
  process: (e: StatefulEntity) => Promise<StatefulEntity>,
  extra: { idleWaitMs?: number; leaseMs?: number; batchSize?: number; onSaved?: (b: StatefulEntity, a: StatefulEntity) => void; on?: StateEntityStore<StatefulEntity> } = {},
) {
  const entry: ProcessorEntry<StatefulEntity> = { state: 'SENDING', process, onFailure: (e) => ({ ...e, state: 'FAILED' }) };
  return new StateMachineLoop({
    name: 'test',
    store: extra.on ?? store,
    processors: [entry],
    owner: 'w1',
    clock,
    logger: silentLogger,
    retry: { limit: 3, baseMs: 100, capMs: 1000, random: () => 0 },
    ...extra,
  });
}

/** The store's methods bound to it, to wrap one of them. */
const bound = (s: StateEntityStore<StatefulEntity>): StateEntityStore<StatefulEntity> => ({
  findById: (id) => s.findById(id),
  getById: (id) => s.getById(id),
  findByCorrelationId: (id, party) => s.findByCorrelationId(id, party),
  save: (e, r) => s.save(e, r),
  saveAndLease: (e, l, r) => s.saveAndLease(e, l, r),
  claimDue: (q) => s.claimDue(q),
  claimById: (id, o, ms) => s.claimById(id, o, ms),
  release: (id, o) => s.release(id, o),
  list: (q) => s.list(q),
});

describe('StateMachineLoop', () => {
  it('should process due entities and save the result', async () => {
    await store.save(entity('a'));
    const l = loop(async (e) => ({ ...e, state: 'SENT' }));
    expect(await l.tick()).toBe(1);
    expect((await store.getById('a')).state).toBe('SENT');
    expect(await l.tick()).toBe(0);
  });

  it('should retry a retryable failure with back-off, then give up with the failure transition', async () => {
    await store.save(entity('a'));
    const l = loop(async () => {
      throw new ConnectorError('PEER_UNAVAILABLE', { detail: 'connection refused' });
    });
    expect(await l.tick()).toBe(1);
    let saved = await store.getById('a');
    expect(saved).toMatchObject({ state: 'SENDING', stateCount: 2, nextAttemptAt: clock.now() + 50, errorDetail: 'PEER_UNAVAILABLE: connection refused' });
    expect(await l.tick()).toBe(0); // not due yet
    clock.advance(50);
    expect(await l.tick()).toBe(1);
    saved = await store.getById('a');
    expect(saved.stateCount).toBe(3);
    clock.advance(1000);
    await l.tick();
    expect((await store.getById('a')).state).toBe('FAILED');
  });

  it('should fail at once on an error that is not retryable', async () => {
    await store.save(entity('a'));
    await loop(async () => {
      throw new ConnectorError('PEER_REJECTED', { detail: '400' });
    }).tick();
    expect(await store.getById('a')).toMatchObject({ state: 'FAILED', errorDetail: 'PEER_REJECTED: 400' });
  });

  it('should retry a step the store failed, even past the retry limit, without ending the entity', async () => {
    await store.save({ ...entity('a'), stateCount: 3 }); // the retry limit (3) already reached
    let failures = 2;
    const l = loop(async (e) => {
      if (failures-- > 0) throw new ConnectorError('STORE_UNAVAILABLE', { detail: 'the database cannot be reached (CONNECTION_LOST)', retryable: true });
      return { ...e, state: 'SENT' };
    });
    await l.tick();
    expect(await store.getById('a')).toMatchObject({ state: 'SENDING', stateCount: 3, errorDetail: 'STORE_UNAVAILABLE: the database cannot be reached (CONNECTION_LOST)' });
    clock.advance(1000);
    await l.tick();
    expect((await store.getById('a')).state).toBe('SENDING');
    clock.advance(1000);
    await l.tick();
    expect((await store.getById('a')).state).toBe('SENT');
  });

  it('should let a concurrent update win over its own result', async () => {
    await store.save(entity('a'));
    const l = loop(async (e) => {
      const current = await store.getById(e.id);
      await store.save({ ...current, state: 'TERMINATED' });
      return { ...e, state: 'SENT' };
    });
    await l.tick();
    expect((await store.getById('a')).state).toBe('TERMINATED');
  });

  it('should wake on work instead of waiting for its idle interval', async () => {
    let done!: () => void;
    const processed = new Promise<void>((resolve) => (done = resolve));
    const l = loop(async (e) => ({ ...e, state: 'SENT' }), { idleWaitMs: 3_600_000, onSaved: () => done() });
    l.start();
    await store.save(entity('late'));
    l.wake();
    await processed;
    await l.stop();
    expect((await store.getById('late')).state).toBe('SENT');
  });

  it('should look again at once when its save lost to a change that left work (that change woke it while leased)', async () => {
    let done!: () => void;
    const handled = new Promise<void>((resolve) => (done = resolve));
    let first = true;
    const l: StateMachineLoop<StatefulEntity> = loop(
      async (e) => {
        if (first) {
          // An operator's change lands while we hold the lease (as a termination right after the start): its wake finds nothing.
          first = false;
          await store.save({ ...(await store.getById(e.id)), stateCount: 7 });
          l.wake();
        }
        return { ...e, state: 'SENT' };
      },
      { idleWaitMs: 3_600_000, onSaved: (_b, a) => a.state === 'SENT' && done() },
    );
    l.start();
    await store.save(entity('raced'));
    l.wake();
    await handled; // without the wake after the lost save it would wait for the idle hour
    await l.stop();
    expect((await store.getById('raced')).state).toBe('SENT');
  });

  it('should go idle after a batch that was not full, without another claim', async () => {
    let claims = 0;
    const counting: StateEntityStore<StatefulEntity> = {
      ...bound(store),
      claimDue: (q) => {
        claims += 1;
        return store.claimDue(q);
      },
    };
    let done!: () => void;
    const processed = new Promise<void>((resolve) => (done = resolve));
    const l = loop(async (e) => ({ ...e, state: 'SENT' }), { idleWaitMs: 3_600_000, onSaved: () => done(), on: counting });
    l.start();
    await store.save(entity('late'));
    l.wake();
    await processed;
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve)); // let the loop settle
    expect(claims).toBe(2); // the first (empty) tick and the woken one
    await l.stop();
  });

  it('should tick again at once when its own save left an entity in a state it processes', async () => {
    let done!: () => void;
    const sent = new Promise<void>((resolve) => (done = resolve));
    const l = loop(async (e) => (e.stateCount < 2 ? { ...e, stateCount: e.stateCount + 1 } : { ...e, state: 'SENT' }), {
      idleWaitMs: 3_600_000,
      onSaved: (_b, a) => a.state === 'SENT' && done(),
    });
    l.start();
    await store.save(entity('twice'));
    l.wake();
    await sent; // without the re-tick the second step would wait an hour
    await l.stop();
    expect((await store.getById('twice')).stateCount).toBe(2);
  });

  it('should keep claiming while one handling hangs, and stop only once it has ended', async () => {
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const hanging = new Promise<void>((resolve) => (started = resolve));
    const sent = new Map<string, () => void>();
    const wasSent = (id: string) => new Promise<void>((resolve) => sent.set(id, resolve));
    const l = loop(
      async (e) => {
        if (e.id === 'stuck') {
          started();
          await hung; // a destination that stopped reading, a receiver that never answers
        }
        return { ...e, state: 'SENT' };
      },
      { idleWaitMs: 3_600_000, batchSize: 2, onSaved: (_b, a) => sent.get(a.id)?.() },
    );
    l.start();
    await store.save(entity('stuck'));
    l.wake();
    await hanging;
    for (const id of ['b', 'c', 'd']) {
      // one after another, each due while 'stuck' still runs: claimed in the free slot, not after 'stuck' ends
      const done = wasSent(id);
      await store.save(entity(id));
      l.wake();
      await done;
      expect((await store.getById(id)).state).toBe('SENT');
    }
    let stopped = false;
    const stopping = l.stop().then(() => (stopped = true));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false); // stop waits for the handling in flight
    release();
    await stopping;
    expect((await store.getById('stuck')).state).toBe('SENT');
  });

  it('should claim again when a slot frees after a claim that filled every slot', async () => {
    for (const id of ['a', 'b', 'c']) await store.save(entity(id));
    let releaseA!: () => void;
    const aHeld = new Promise<void>((resolve) => (releaseA = resolve));
    let all!: () => void;
    const allSent = new Promise<void>((resolve) => (all = resolve));
    let count = 0;
    const l = loop(
      async (e) => {
        if (e.id === 'a') await aHeld;
        return { ...e, state: 'SENT' };
      },
      { idleWaitMs: 3_600_000, batchSize: 1, onSaved: () => ++count === 3 && all() },
    );
    l.start();
    releaseA();
    await allSent; // 'b' and 'c' are claimed as the single slot frees, without a wake or the hour-long idle wait
    await l.stop();
    expect((await store.list({ offset: 0, limit: 10 })).items.map((e) => e.state)).toEqual(['SENT', 'SENT', 'SENT']);
  });

  it('should claim again at once when an entity used up its steps in a row and still has work', async () => {
    let done!: () => void;
    const sent = new Promise<void>((resolve) => (done = resolve));
    const l = loop(async (e) => (e.stateCount < 20 ? { ...e, stateCount: e.stateCount + 1 } : { ...e, state: 'SENT' }), {
      idleWaitMs: 3_600_000,
      onSaved: (_b, a) => a.state === 'SENT' && done(),
    });
    l.start();
    await store.save(entity('long'));
    l.wake();
    await sent; // after 16 steps in a row the lease goes back; the loop is woken to claim it, not left idle for an hour
    await l.stop();
    expect((await store.getById('long')).stateCount).toBe(20);
  });

  it('should renew the lease while a step runs, so that another replica cannot take the entity over', async () => {
    await store.save(entity('a'));
    let renewed!: () => void;
    const renewal = new Promise<void>((resolve) => (renewed = resolve));
    const watched: StateEntityStore<StatefulEntity> = Object.assign(Object.create(store) as StateEntityStore<StatefulEntity>, {
      claimById: async (id: string, owner: string, leaseMs: number) => {
        const claimed = await store.claimById(id, owner, leaseMs);
        renewed();
        return claimed;
      },
    });
    let takenOver: StatefulEntity[] | undefined;
    const l = loop(
      async (e) => {
        clock.advance(25); // the first lease (30 ms) is nearly spent
        await renewal;
        clock.advance(20); // past the first lease, within the renewed one
        takenOver = await store.claimDue({ states: ['SENDING'], limit: 1, owner: 'w2', leaseMs: 30 });
        return { ...e, state: 'SENT' };
      },
      { leaseMs: 30, on: watched },
    );
    expect(await l.tick()).toBe(1);
    expect(takenOver).toEqual([]);
    const saved = await store.getById('a');
    expect(saved.state).toBe('SENT');
    // The save released the lease and no renewal took it again: another worker may claim it at once.
    expect(await store.claimById('a', 'w2', 30)).toMatchObject({ id: 'a' });
  });
});
