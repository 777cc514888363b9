/**
 * What one replica tells every other replica of the same connector (one database): caches to drop and streams to
 * cut. Small on purpose (a PostgreSQL NOTIFY payload stays far below its 8000-byte limit); each replica applies
 * an event locally (cluster-event-handlers.ts). Events are hints, never state: the database stays the truth, so a
 * lost event costs only time (the fallbacks in docs/decisions/0015-cluster-events.md bound it).
 */
export type ClusterEvent =
  /** The identity caches (presentations, DID documents, status lists) were flushed: re-verify from scratch. */
  | { kind: 'identity.flushed' }
  /** A party was suspended or its suspension lifted: its live transfers must be re-checked now. */
  | { kind: 'suspension.changed'; participantId: string }
  /** Assets, policies or contract definitions changed: drop the catalog caches. */
  | { kind: 'catalog.changed' }
  /** A transfer no longer lets data flow (revoked, terminated, suspended, completed): cut its live streams. */
  | { kind: 'transfer.cut'; transferId: string; reason: string }
  /** The bus lost events (its connection dropped and came back): re-check everything as if each event had come. */
  | { kind: 'resync' };

export type ClusterEventKind = ClusterEvent['kind'];

/** Delivers each event to this process's handlers and to every other replica's. */
export interface ClusterBus {
  /** Applies the event here at once and sends it to the other replicas; never throws (a failure is logged). */
  publish(event: ClusterEvent): Promise<void>;
  /** Adds a handler for events from any replica, this one included; returns the function that removes it. */
  subscribe(handler: (event: ClusterEvent) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const KINDS: readonly ClusterEventKind[] = ['identity.flushed', 'suspension.changed', 'catalog.changed', 'transfer.cut', 'resync'];

/** Reads an event off the wire; undefined for anything this version does not know (a newer replica's event). */
export function parseClusterEvent(text: string): ClusterEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  if (!KINDS.includes(e.kind as ClusterEventKind)) return undefined;
  if (e.kind === 'suspension.changed' && typeof e.participantId !== 'string') return undefined;
  if (e.kind === 'transfer.cut' && (typeof e.transferId !== 'string' || typeof e.reason !== 'string')) return undefined;
  return e as ClusterEvent;
}
