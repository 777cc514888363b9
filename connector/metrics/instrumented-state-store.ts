import type { Clock } from '../../core/index.js';
import type { ClaimQuery, StateEntityStore } from '../statemachine/state-entity-store.js';
import type { StatefulEntity } from '../statemachine/stateful-entity.js';
import type { ConnectorMetrics } from './connector-metrics.js';
import { stopwatch } from './stopwatch.js';

type LoopMetrics = Pick<ConnectorMetrics, 'claimDuration' | 'loopLag' | 'loopRetries' | 'loopHandOffs'>;

/**
 * A state-machine store that measures its loop from the outside (the loop itself stays untouched): how long
 * each claim takes, how late a claimed entity is (clock time since it became due), and which saves after a
 * claim are retries (same state, one more attempt). `onEnded` hears the state an entity was claimed in and
 * the one it was saved in.
 */
export function instrumentStateStore<E extends StatefulEntity>(
  store: StateEntityStore<E>,
  o: { loop: string; metrics: LoopMetrics; clock: Clock; onSaved?: (claimedIn: E['state'], saved: E) => void },
): StateEntityStore<E> {
  const claimed = new Map<string, { state: E['state']; stateCount: number }>();
  return {
    findById: (id) => store.findById(id),
    getById: (id) => store.getById(id),
    findByCorrelationId: (id, party) => store.findByCorrelationId(id, party),
    claimById: (id, owner, leaseMs) => store.claimById(id, owner, leaseMs),
    release: (id, owner) => {
      claimed.delete(id);
      return store.release(id, owner);
    },
    list: (query) => store.list(query),
    async claimDue(query: ClaimQuery<E['state']>) {
      const elapsed = stopwatch();
      const entities = await store.claimDue(query);
      o.metrics.claimDuration.observe({ loop: o.loop }, elapsed());
      const now = o.clock.now();
      for (const e of entities) {
        o.metrics.loopLag.observe({ loop: o.loop }, Math.max(0, now - Math.max(e.nextAttemptAt, e.stateTimestamp)) / 1000);
        claimed.set(e.id, { state: e.state, stateCount: e.stateCount });
      }
      return entities;
    },
    async saveAndLease(entity, lease, releaseFor) {
      const before = claimed.get(entity.id);
      claimed.delete(entity.id);
      const result = await store.saveAndLease(entity, lease, releaseFor);
      const saved = result.saved;
      if (before && before.state === saved.state && saved.stateCount > before.stateCount) o.metrics.loopRetries.inc({ loop: o.loop });
      if (before) o.onSaved?.(before.state, saved);
      if (result.leased) {
        o.metrics.loopHandOffs.inc({ loop: o.loop });
        o.metrics.loopLag.observe({ loop: o.loop }, Math.max(0, o.clock.now() - Math.max(saved.nextAttemptAt, saved.stateTimestamp)) / 1000);
        claimed.set(saved.id, { state: saved.state, stateCount: saved.stateCount });
      }
      return result;
    },
    async save(entity, releaseFor) {
      const before = claimed.get(entity.id);
      claimed.delete(entity.id);
      const saved = await store.save(entity, releaseFor);
      if (before && before.state === saved.state && saved.stateCount > before.stateCount) o.metrics.loopRetries.inc({ loop: o.loop });
      if (before) o.onSaved?.(before.state, saved);
      return saved;
    },
  };
}
