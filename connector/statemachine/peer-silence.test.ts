import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../core/index.js';
import { freshDatabase } from '../../test/helpers/test-database.js';
import { SqlStateEntityStore } from '../store/sql/sql-state-entity-store.js';
import { dueAfterSilence, silenceDueStore, type PeerSilence } from './peer-silence.js';
import { silenceCheck } from './silence-check.js';
import { StateMachineLoop } from './state-machine-loop.js';
import type { StateEntityStore } from './state-entity-store.js';
import type { StatefulEntity } from './stateful-entity.js';

const SILENCE = 60_000;
const clock = new FixedClock(1_000_000);
const silence: PeerSilence<StatefulEntity> = { silenceMs: SILENCE, waits: (e) => e.state === 'WAITING' };
let sql: StateEntityStore<StatefulEntity>;
let writes: number;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const fresh = await freshDatabase('sqlite');
  const inner = new SqlStateEntityStore<StatefulEntity>(fresh.database, 'contract_negotiations', 'negotiation', clock);
  writes = 0;
  // The store's methods, with the writes counted.
  sql = {
    findById: (id) => inner.findById(id),
    getById: (id) => inner.getById(id),
    findByCorrelationId: (id, party) => inner.findByCorrelationId(id, party),
    save: (e, r) => {
      writes++;
      return inner.save(e, r);
    },
    saveAndLease: (e, l, r) => {
      writes++;
      return inner.saveAndLease(e, l, r);
    },
    claimDue: (q) => inner.claimDue(q),
    claimById: (id, o, ms) => inner.claimById(id, o, ms),
    release: (id, o) => inner.release(id, o),
    list: (q) => inner.list(q),
  };
  cleanup = fresh.cleanup;
});
afterEach(async () => cleanup());

const entity = (id: string, state: string, extra: Partial<StatefulEntity> = {}): StatefulEntity => {
  const now = clock.now();
  return { id, state, stateCount: 1, stateTimestamp: now, nextAttemptAt: now, pending: false, version: 0, createdAt: now, updatedAt: now, ...extra };
};

describe('the due time of a state that waits for the peer', () => {
  it('is one silence after the state began for an entity that just entered it; anything else keeps its own', () => {
    const entered = entity('a', 'WAITING');
    expect(dueAfterSilence(entered, silence).nextAttemptAt).toBe(entered.stateTimestamp + SILENCE);
    const rechecked = { ...entered, nextAttemptAt: entered.stateTimestamp + 5 };
    expect(dueAfterSilence(rechecked, silence)).toBe(rechecked);
    expect(dueAfterSilence(entity('b', 'SENDING'), silence).nextAttemptAt).toBe(clock.now());
    expect(dueAfterSilence(entered, { ...silence, silenceMs: 0 })).toBe(entered);
  });

  it('is given by the save that moves the entity there: a running loop neither hands it over nor processes it before the silence', async () => {
    const store = silenceDueStore(sql, silence);
    let checks = 0;
    let waited: (e: StatefulEntity) => void = () => undefined;
    const waiting = new Promise<StatefulEntity>((resolve) => (waited = resolve));
    const loop = new StateMachineLoop<StatefulEntity>({
      name: 'test',
      store,
      processors: [
        { state: 'SENDING', process: async (e) => ({ ...e, state: 'WAITING', stateTimestamp: clock.now(), nextAttemptAt: clock.now() }), onFailure: (e) => e },
        silenceCheck({
          state: 'WAITING',
          silence,
          clock,
          endedAtPeer: async () => {
            checks++;
            return undefined;
          },
          end: (e) => ({ ...e, state: 'ENDED' }),
        }),
      ],
      owner: 'w1',
      clock,
      logger: silentLogger,
      retry: { limit: 3, baseMs: 100, capMs: 1000, random: () => 0 },
      onSaved: (_b, a) => a.state === 'WAITING' && waited(a),
    });
    await store.save(entity('a', 'SENDING'));
    writes = 0;
    loop.start();
    let saved: StatefulEntity;
    try {
      saved = await waiting;
      expect(loop.leaseFor(entity('b', 'WAITING'))).toBeUndefined();
      expect(loop.leaseFor(entity('b', 'SENDING'))).toBeDefined();
    } finally {
      await loop.stop();
    }
    expect(await loop.tick()).toBe(0);
    expect(saved.nextAttemptAt).toBe(saved.stateTimestamp + SILENCE);
    expect(await store.getById('a')).toMatchObject({ state: 'WAITING', nextAttemptAt: saved.stateTimestamp + SILENCE });
    expect(writes).toBe(1);
    expect(checks).toBe(0);
    clock.advance(SILENCE);
    expect(await loop.tick()).toBe(1);
    expect(checks).toBe(1);
    expect(await store.getById('a')).toMatchObject({ state: 'WAITING', nextAttemptAt: clock.now() + SILENCE });
  });
});
