import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, FixedClock, Interruption, silentLogger } from '../../core/index.js';
import { freshDatabase } from '../../test/helpers/test-database.js';
import { SqlStateEntityStore } from '../store/sql/sql-state-entity-store.js';
import { StateMachineLoop } from './state-machine-loop.js';
import type { StateEntityStore } from './state-entity-store.js';
import type { StatefulEntity } from './stateful-entity.js';

const clock = new FixedClock(1_000_000);
let store: StateEntityStore<StatefulEntity>;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const fresh = await freshDatabase('sqlite');
  store = new SqlStateEntityStore<StatefulEntity>(fresh.database, 'transfer_processes', 'transfer process', clock);
  cleanup = fresh.cleanup;
});
afterEach(async () => cleanup());

const loop = (process: (e: StatefulEntity) => Promise<StatefulEntity>) =>
  new StateMachineLoop({
    name: 'test',
    store,
    processors: [{ state: 'COMPLETING', process, onFailure: (e) => ({ ...e, state: 'TERMINATING' }) }],
    owner: 'w1',
    clock,
    logger: silentLogger,
    retry: { limit: 3, baseMs: 100, capMs: 1000, random: () => 0 },
  });

describe('a step this process interrupted itself (a push cut short by a stop)', () => {
  it('should count no attempt and never end the entity, even at the retry limit; any other retryable failure does', async () => {
    const base = { state: 'COMPLETING', stateTimestamp: 0, nextAttemptAt: 0, pending: false, version: 0, createdAt: 0, updatedAt: 0 };
    await store.save({ ...base, id: 'interrupted', stateCount: 3 }); // the retry limit (3) already reached
    await store.save({ ...base, id: 'failed', stateCount: 1 });
    const l = loop(async (e) => {
      const cause = e.id === 'interrupted' ? new Interruption('the connector is stopping') : undefined;
      throw new ConnectorError('NOT_READY', { detail: 'the push was interrupted', retryable: true, ...(cause ? { cause } : {}) });
    });
    expect(await l.tick()).toBe(2);
    expect(await store.getById('interrupted')).toMatchObject({ state: 'COMPLETING', stateCount: 3, errorDetail: 'NOT_READY: the push was interrupted' });
    expect(await store.getById('failed')).toMatchObject({ state: 'COMPLETING', stateCount: 2 });
  });
});
