import type { EventBus } from '../core/index.js';
import { mayStream } from './transfer/index.js';
import type { TransferEvents } from './transfer/index.js';
import type { ClusterBus } from './cluster/cluster-event.js';
import { clusterEventHandler, type LocalEffects } from './cluster/cluster-event-handlers.js';

/** States after which no stream of the transfer may go on; entering one sends `transfer.cut` to every replica. */
const STOPS = new Set(['SUSPENDING', 'SUSPENDED', 'COMPLETING', 'COMPLETED', 'TERMINATING', 'TERMINATED']);

/**
 * Joins this replica to the others: every cluster event is applied here (`local`), and every committed transfer
 * change that stops data (whoever caused it: an API call, a peer's message, the monitor) tells every replica to cut
 * that transfer's streams. Returns the function that undoes both.
 */
export function wireClusterEvents(bus: ClusterBus, events: EventBus<TransferEvents>, local: LocalEffects): () => void {
  const unsubscribe = bus.subscribe(clusterEventHandler(local));
  const off = events.on('transfer.stateChanged', (e) => {
    if (!STOPS.has(e.to) || mayStream(e.transfer)) return;
    void bus.publish({
      kind: 'transfer.cut',
      transferId: e.id,
      reason: `the transfer is ${e.to}${e.transfer.terminationReason ? `: ${e.transfer.terminationReason.slice(0, 200)}` : ''}`,
    });
  });
  return () => {
    unsubscribe();
    off();
  };
}
