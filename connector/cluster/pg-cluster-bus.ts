import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '../../core/index.js';
import type { Db } from '../store/database.js';
import { parseClusterEvent, type ClusterBus } from './cluster-event.js';
import { HandlerSet } from './handler-set.js';

/** The NOTIFY channel of one schema: every replica on that schema, and no other connector, listens to it. */
export function clusterChannel(schema: string): string {
  return `kontor_${createHash('sha256').update(schema).digest('hex').slice(0, 24)}`;
}

export interface PgClusterBusOptions {
  url: string;
  schema: string;
  /** The store's pool: NOTIFY goes through it (it is sent when its statement commits, i.e. at once). */
  db: Db;
  /** This replica's id: its own notifications come back to it and are skipped (they were applied at publish). */
  origin: string;
  logger: Logger;
  /** First reconnect delay; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** A `SELECT 1` on the listening connection this often finds a connection that died silently. */
  heartbeatMs?: number;
}

/**
 * Cluster events over PostgreSQL LISTEN/NOTIFY: one dedicated connection per replica listens on the schema's channel
 * and reconnects (with back-off) when it drops. Events sent while it was away are lost, so after a reconnect the
 * replica handles a `resync` (flush caches, re-check every live stream) instead.
 */
export function pgClusterBus(o: PgClusterBusOptions): ClusterBus {
  const handlers = new HandlerSet(o.logger);
  const channel = clusterChannel(o.schema);
  let client: pg.Client | undefined;
  let stopped = false;
  let everConnected = false;
  let retryMs = o.retryMs ?? 250;
  let retryTimer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  const onNotification = (n: pg.Notification) => {
    if (n.channel !== channel || !n.payload) return;
    const envelope = parseEnvelope(n.payload);
    if (!envelope || envelope.origin === o.origin) return;
    const event = parseClusterEvent(envelope.event);
    if (event) handlers.deliver(event);
    else o.logger.debug({ payload: n.payload.slice(0, 200) }, 'an unknown cluster event was skipped');
  };

  const scheduleReconnect = () => {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, o.maxRetryMs ?? 5000);
  };

  const drop = (c: pg.Client, error?: unknown) => {
    if (client !== c) return;
    client = undefined;
    if (heartbeat) clearInterval(heartbeat);
    c.removeAllListeners('notification');
    void c.end().catch(() => undefined);
    if (!stopped) {
      o.logger.warn({ err: error }, 'the cluster event connection dropped; reconnecting');
      scheduleReconnect();
    }
  };

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: o.url, keepAlive: true, application_name: 'kontor-cluster-events' });
    c.on('error', (error) => drop(c, error));
    c.on('end', () => drop(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (error) {
      c.removeAllListeners('end');
      await c.end().catch(() => undefined);
      if (stopped) return;
      o.logger.warn({ err: error }, 'cannot listen for cluster events; retrying');
      scheduleReconnect();
      return;
    }
    if (stopped) return void (await c.end().catch(() => undefined));
    client = c;
    c.on('notification', onNotification);
    retryMs = o.retryMs ?? 250;
    heartbeat = setInterval(() => void c.query('SELECT 1').catch((error: unknown) => drop(c, error)), o.heartbeatMs ?? 15_000);
    heartbeat.unref();
    if (everConnected) handlers.deliver({ kind: 'resync' }); // what was sent meanwhile is lost: re-check everything
    everConnected = true;
  }

  return {
    async publish(event) {
      handlers.deliver(event);
      try {
        await sql`SELECT pg_notify(${channel}, ${JSON.stringify({ origin: o.origin, event: JSON.stringify(event) })})`.execute(o.db);
      } catch (error) {
        o.logger.warn({ err: error, kind: event.kind }, 'a cluster event could not be sent to the other replicas');
      }
    },
    subscribe: (handler) => handlers.add(handler),
    start: () => connect(),
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (heartbeat) clearInterval(heartbeat);
      const c = client;
      client = undefined;
      if (c) {
        c.removeAllListeners('end');
        await c.end().catch(() => undefined);
      }
    },
  };
}

function parseEnvelope(payload: string): { origin: string; event: string } | undefined {
  try {
    const v = JSON.parse(payload) as { origin?: unknown; event?: unknown };
    return typeof v.origin === 'string' && typeof v.event === 'string' ? { origin: v.origin, event: v.event } : undefined;
  } catch {
    return undefined;
  }
}
