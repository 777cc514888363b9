import type { Logger } from '../../core/index.js';
import type { ClusterBus } from './cluster-event.js';
import { HandlerSet } from './handler-set.js';

/** One process (SQLite, or a single PostgreSQL replica by choice): events reach this process's handlers only. */
export function localClusterBus(logger: Logger): ClusterBus {
  const handlers = new HandlerSet(logger);
  return {
    publish: async (event) => handlers.deliver(event),
    subscribe: (handler) => handlers.add(handler),
    start: async () => undefined,
    stop: async () => undefined,
  };
}
