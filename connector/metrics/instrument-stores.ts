import type { Clock } from '../../core/index.js';
import type { Stores } from '../store/sql/create-stores.js';
import type { ConnectorMetrics } from './connector-metrics.js';
import { instrumentStateStore } from './instrumented-state-store.js';

/** The stores with the three state-machine stores measured (claim time, lag, retries) and webhook outcomes counted. */
export function instrumentStores(stores: Stores, o: { metrics: ConnectorMetrics; clock: Clock }): Stores {
  const { metrics, clock } = o;
  return {
    ...stores,
    negotiations: instrumentStateStore(stores.negotiations, { loop: 'negotiations', metrics, clock }),
    transfers: instrumentStateStore(stores.transfers, { loop: 'transfers', metrics, clock }),
    webhookDeliveries: instrumentStateStore(stores.webhookDeliveries, {
      loop: 'webhooks',
      metrics,
      clock,
      onSaved: (from, saved) => {
        if (from === 'PENDING' && saved.state !== 'PENDING') metrics.webhookDeliveries.inc({ outcome: saved.state === 'DELIVERED' ? 'delivered' : 'failed' });
      },
    }),
  };
}
