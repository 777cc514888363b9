import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';

/**
 * A PostgreSQL connection that failed under a query or while being opened: the server ended it (pg_terminate_backend,
 * a restart), the socket broke, or the connect timed out. node-pg reports these as plain `Error`s without a code
 * ("Connection terminated unexpectedly", "Client has encountered a connection error and is not queryable"), so the
 * pool below wraps them in this class; the original error is its `cause`. The store treats it as STORE_UNAVAILABLE.
 */
export class ConnectionLost extends Error {
  readonly code = 'CONNECTION_LOST';
  constructor(readonly original: unknown) {
    super((original as Error)?.message ?? String(original), { cause: original });
    this.name = 'ConnectionLost';
  }
}

/**
 * The messages node-pg (8.x) and pg-pool give connection failures that carry no code. A last resort, for errors that
 * reach the store without passing through `watchConnections` (its structural test is the one relied on).
 */
const LOST_CONNECTION_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'timeout exceeded when trying to connect',
  'Query read timeout',
];

/** Whether an error is a lost (or never made) PostgreSQL connection. */
export function isConnectionLoss(error: unknown): boolean {
  if (error instanceof ConnectionLost) return true;
  if (!(error instanceof Error) || error instanceof pg.DatabaseError || (error as { code?: unknown }).code !== undefined) return false;
  return LOST_CONNECTION_MESSAGES.includes(error.message);
}

/**
 * The pool as Kysely sees it, with connection failures told apart structurally: a query that fails on a client whose
 * connection has ended or failed (the client emitted `error` or `end` first; node-pg does so before it fails the
 * query), and any failure to open a connection that is not the server's answer (a `DatabaseError`, e.g. a wrong
 * password) nor a programming error (`TypeError`), become `ConnectionLost` unless they carry a code of their own.
 */
export function watchConnections(pool: pg.Pool): PostgresPool {
  const broken = new WeakSet<pg.PoolClient>();
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  /** Errors with a code (a SQLSTATE, ECONNRESET …) are classified by it; the server's answers and programming errors stay. */
  const uncoded = (error: unknown) => !(error instanceof pg.DatabaseError) && (error as { code?: unknown } | undefined)?.code === undefined;
  const lost = (error: unknown) => (uncoded(error) && !(error instanceof TypeError) ? new ConnectionLost(error) : error);
  pool.on('connect', (client) => {
    client.on('error', () => broken.add(client));
    client.on('end', () => broken.add(client));
  });
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((text: unknown, parameters?: unknown[]) => {
      if (typeof text !== 'string') return client.query(text as never); // a cursor: passed through
      return client.query(text, parameters).catch((error: unknown) => {
        throw broken.has(client) && uncoded(error) ? new ConnectionLost(error) : error;
      });
    }) as unknown as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  });
  return {
    connect: async () => {
      const client = await pool.connect().catch((error: unknown) => {
        throw lost(error);
      });
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper); // one wrapper per client: Kysely keeps its connection objects by client
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
