import type { Clock, Logger } from '../../../../core/index.js';
import type { AuditEntry, AuditLog } from '../../../audit/index.js';
import type { SqlAuditStore } from '../sql-audit-store.js';
import type { Database } from '../../database.js';
import { SqlStateEntityStore } from '../sql-state-entity-store.js';
import type { WebhookDispatcher } from '../../../webhooks/index.js';
import type { WebhookDelivery } from '../../../webhooks/index.js';
import { QueryTemplates } from '../../query-templates.js';
import { logBackgroundFailure } from '../../background-failure.js';
import { RECORDS_KIND, recordsOfRow, type OutboxRecord } from './outbox-records.js';
import { OUTBOX_TABLE, stateChangeOf, type StateChange } from './state-change.js';

/** Changes relayed per transaction. */
export const RELAY_BATCH = 100;

/**
 * How long a wake waits before relaying, so that the changes of a moment share one transaction: a negotiation makes
 * about ten state changes within a few tens of milliseconds, and a relay pass costs about as much for one as for all.
 */
export const RELAY_WINDOW_MS = 25;

/** What one state change becomes: its audit entry and, for subscribers, a webhook event. */
export type RelayedRecords = OutboxRecord;

export interface StateChangeRelayDeps {
  database: Database;
  auditStore: SqlAuditStore;
  audit: AuditLog;
  webhooks: Pick<WebhookDispatcher, 'planner' | 'loop'>;
  clock: Clock;
  logger: Logger;
  recordsOf: (change: StateChange) => RelayedRecords;
  /** How often the outbox is looked at without a wake (changes a crashed replica left behind). */
  idleWaitMs: number;
  /** How long a wake gathers further changes before the pass (RELAY_WINDOW_MS; 0 relays at once). */
  windowMs?: number;
}

/**
 * Turns outbox rows (written with the state change they record) into audit entries and webhook deliveries: in one
 * transaction it takes the audit append lock, appends the entries in outbox order, queues the deliveries and deletes
 * the rows, so each change is relayed exactly once, by whichever replica gets there first. A change's own process
 * wakes the relay right after its commit (the pass follows within `windowMs`, with whatever else changed meanwhile);
 * the timer and the start pick up what a crash left behind. Stopping relays what a wake was gathering.
 */
export class StateChangeRelay {
  private draining: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private gathering: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly queries = new QueryTemplates(() => ({ database: this.deps.database, scope: 'relay' }));

  constructor(private readonly deps: StateChangeRelayDeps) {}

  /** Relays up to RELAY_BATCH changes, oldest first; returns how many it relayed. */
  async tick(): Promise<number> {
    const { database, auditStore, audit, clock, logger } = this.deps;
    // An empty outbox (the usual case at the timer) costs one indexed read, no lock.
    const { rows: waiting } = await this.queries.run(database.db, 'any', () => database.db.selectFrom(OUTBOX_TABLE).select('id').limit(1), {});
    if (waiting.length === 0) return 0;
    const plan = await this.deps.webhooks.planner();
    let appended: AuditEntry[] = [];
    let deliveries = 0;
    const relayed = await database.db.transaction().execute(async (trx) => {
      appended = [];
      deliveries = 0;
      await auditStore.lockAppends(trx);
      const { rows } = await this.queries.run(trx, 'oldest', () => trx.selectFrom(OUTBOX_TABLE).selectAll().orderBy('id').limit(RELAY_BATCH), {});
      const store = new SqlStateEntityStore<WebhookDelivery>({ ...database, db: trx }, 'webhook_deliveries', 'webhook delivery', clock);
      const done: unknown[] = [];
      const records: RelayedRecords[] = [];
      for (const row of rows) {
        try {
          records.push(...(row.kind === RECORDS_KIND ? recordsOfRow(row) : [this.deps.recordsOf(stateChangeOf(row))]));
          done.push(row.id);
        } catch (error) {
          logger.error({ err: error, outboxId: row.id }, 'an outbox row cannot be relayed; it stays in the outbox');
        }
      }
      appended = await auditStore.appendAllWithin(
        trx,
        records.map((r) => ({ build: audit.link(r.audit), subject: r.audit.subject })),
      );
      for (const { webhook } of records) {
        for (const d of webhook ? plan(webhook.event, webhook.payload) : []) {
          await store.save(d);
          deliveries++;
        }
      }
      if (done.length > 0) await trx.deleteFrom(OUTBOX_TABLE).where('id', 'in', done).execute();
      return done.length;
    });
    for (const entry of appended) audit.noteAppended(entry);
    if (deliveries > 0) this.deps.webhooks.loop.wake();
    return relayed;
  }

  /** Relays everything in the outbox now (readers of the audit log call it first: they see what was committed). */
  async flush(): Promise<void> {
    while ((await this.tick()) >= RELAY_BATCH) {
      // a full batch: there may be more
    }
  }

  /** Relays within the window (again after the current pass, if one is running). */
  wake(): void {
    if (this.closed || this.gathering) return;
    const windowMs = this.deps.windowMs ?? RELAY_WINDOW_MS;
    if (windowMs <= 0) {
      this.now();
      return;
    }
    this.gathering = setTimeout(() => {
      this.gathering = undefined;
      this.now();
    }, windowMs);
  }

  /** Relays now (again after the current pass, if one is running). */
  private now(): void {
    if (this.closed) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  start(): void {
    this.closed = false;
    this.schedule();
    this.wake();
  }

  /** Stops the timers, relays what a wake was gathering and waits for the pass under way. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    if (this.gathering) {
      clearTimeout(this.gathering);
      this.gathering = undefined;
      this.now();
    }
    this.closed = true;
    await this.draining;
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.wake();
      this.schedule();
    }, this.deps.idleWaitMs);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        while ((await this.tick()) === RELAY_BATCH);
      } catch (error) {
        // A fault of the machine (full disk, lost connection) is the operator's, not the code's: warn, as requests do.
        logBackgroundFailure(this.deps.logger, error, 'relaying state changes to the audit log and webhooks failed; retried at the next wake');
      }
    } while (this.again && !this.closed);
  }
}
