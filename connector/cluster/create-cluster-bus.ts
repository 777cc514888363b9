import type { Logger } from '../../core/index.js';
import type { StoreConfig } from '../config/kontor-config.js';
import type { Database } from '../store/database.js';
import type { ClusterBus } from './cluster-event.js';
import { localClusterBus } from './local-cluster-bus.js';
import { pgClusterBus } from './pg-cluster-bus.js';

/** PostgreSQL: LISTEN/NOTIFY between every replica on the schema. SQLite (one process): in-process only. */
export function createClusterBus(store: Pick<StoreConfig, 'kind' | 'url' | 'schema'>, database: Database, origin: string, logger: Logger): ClusterBus {
  if (store.kind !== 'postgres' || !store.url) return localClusterBus(logger);
  return pgClusterBus({ url: store.url, schema: store.schema, db: database.db, origin, logger });
}
