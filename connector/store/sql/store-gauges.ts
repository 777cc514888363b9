import { Gauge, type Registry } from 'prom-client';
import { sql } from 'kysely';
import type { Clock } from '../../../core/index.js';
import type { Database } from '../database.js';

type Row = Record<string, unknown>;

/**
 * Gauges read from the database when /metrics is scraped (one GROUP BY per table), so that they hold
 * across restarts and across several processes on one database. When a query fails the gauge is left
 * empty for that scrape (GET /health/ready says why).
 */
export function registerStoreGauges(registry: Registry, database: Database, clock: Clock): void {
  const registers = [registry];
  const byState = (name: string, help: string, table: string) =>
    new Gauge({
      name,
      help,
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        const rows = await read(() => sql<Row>`SELECT state, COUNT(*) AS n FROM ${sql.table(table)} GROUP BY state`.execute(database.db));
        for (const r of rows) this.set({ state: String(r.state) }, Number(r.n));
      },
    });
  const read = (query: () => Promise<{ rows: Row[] }>): Promise<Row[]> =>
    Promise.resolve()
      .then(query)
      .then(
        (r) => r.rows,
        () => [],
      );
  byState('kontor_negotiations', 'Contract negotiations in the store, by state', 'contract_negotiations');
  byState('kontor_transfers', 'Transfer processes in the store, by state', 'transfer_processes');
  byState('kontor_webhook_deliveries', 'Webhook deliveries in the store, by state (PENDING ones are waiting or retrying)', 'webhook_deliveries');
  byState('kontor_trainings', 'Trainings this coordinator runs or ran, by state', 'fl_trainings');
  new Gauge({
    name: 'kontor_deletion_duties',
    help: 'Deletion and escalation duty timers, by action and state (pending, running, done, failed)',
    labelNames: ['action', 'state'],
    registers,
    async collect() {
      this.reset();
      const rows = await read(() => sql<Row>`SELECT action, state, COUNT(*) AS n FROM usage_duty_timers GROUP BY action, state`.execute(database.db));
      for (const r of rows) this.set({ action: String(r.action), state: String(r.state) }, Number(r.n));
    },
  });
  new Gauge({
    name: 'kontor_db_pool_connections',
    help: 'PostgreSQL connection pool: connections by state (idle, in use), clients waiting for one, and the pool size (max)',
    labelNames: ['state'],
    registers,
    collect() {
      const use = database.poolUse?.();
      if (!use) return;
      this.set({ state: 'idle' }, use.idle);
      this.set({ state: 'in_use' }, use.total - use.idle);
      this.set({ state: 'waiting' }, use.waiting);
      this.set({ state: 'max' }, use.max);
    },
  });
  new Gauge({
    name: 'kontor_deletion_duties_due',
    help: 'Pending duties whose due time has passed (waiting for the duty runner)',
    registers,
    async collect() {
      const rows = await read(() => sql<Row>`SELECT COUNT(*) AS n FROM usage_duty_timers WHERE state = 'pending' AND due_at <= ${clock.now()}`.execute(database.db));
      this.set(Number(rows[0]?.n ?? 0));
    },
  });
}
