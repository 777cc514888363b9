import { notFound, type Clock } from '../../../core/index.js';
import type { ClaimQuery, Lease, StateEntityStore } from '../../statemachine/state-entity-store.js';
import type { RoundMetrics, Training } from '../../training/index.js';
import type { Database, Db, DbTransaction } from '../database.js';
import { fromJsonColumn, toJsonColumn } from '../json-column.js';
import { QueryTemplates } from '../query-templates.js';
import { guarded } from '../sql-errors.js';
import { SqlStateEntityStore } from './sql-state-entity-store.js';

const METRICS = 'fl_training_metrics';

/**
 * The coordinator's trainings: a row of the state table (sql-state-entity-store.ts) without the per-round metrics,
 * which are rows of their own (migration 0020), each written once, in the transaction of the save that brought it. A
 * training's row then stays the same size however many rounds it runs: before, every round's save wrote every earlier
 * round's metrics again (about 1 KB a round with 3 sites, 20 KB a site-round with 20 sites after 1,000 rounds).
 * Every read puts the metrics back. A row written before (metrics in its body) is read as it is; its next save moves
 * them.
 */
export class TrainingSqlStore implements StateEntityStore<Training> {
  private readonly rows: SqlStateEntityStore<Training>;
  private readonly queries = new QueryTemplates(() => ({ database: this.database, scope: 'training metrics' }));

  constructor(
    private readonly database: Database,
    clock: Clock,
  ) {
    this.rows = new SqlStateEntityStore<Training>(database, 'fl_trainings', 'training', clock, undefined, {
      take: (t) => ({ rest: { ...t, metrics: [] }, ...(t.metrics.length > 0 ? { write: (trx: DbTransaction) => this.append(trx, t) } : {}) }),
    });
  }

  async findById(id: string): Promise<Training | undefined> {
    const found = await this.rows.findById(id);
    return found && this.withMetrics(found);
  }

  async getById(id: string): Promise<Training> {
    const found = await this.findById(id);
    if (!found) throw notFound('training', id);
    return found;
  }

  async findByCorrelationId(correlationId: string): Promise<Training | undefined> {
    const found = await this.rows.findByCorrelationId(correlationId);
    return found && this.withMetrics(found);
  }

  async save(entity: Training, releaseFor?: string): Promise<Training> {
    return { ...(await this.rows.save(entity, releaseFor)), metrics: entity.metrics };
  }

  async saveAndLease(entity: Training, lease: Lease, releaseFor?: string): Promise<{ saved: Training; leased: boolean }> {
    const { saved, leased } = await this.rows.saveAndLease(entity, lease, releaseFor);
    return { saved: { ...saved, metrics: entity.metrics }, leased };
  }

  async claimDue(query: ClaimQuery<Training['state']>): Promise<Training[]> {
    return Promise.all((await this.rows.claimDue(query)).map((t) => this.withMetrics(t)));
  }

  async claimById(id: string, owner: string, leaseMs: number): Promise<Training> {
    return this.withMetrics(await this.rows.claimById(id, owner, leaseMs));
  }

  release(id: string, owner: string): Promise<void> {
    return this.rows.release(id, owner);
  }

  async list(query: { states?: readonly Training['state'][]; offset: number; limit: number }): Promise<{ items: Training[]; total: number }> {
    const page = await this.rows.list(query);
    return { items: await Promise.all(page.items.map((t) => this.withMetrics(t))), total: page.total };
  }

  /** The training with its metrics rows in their order (none: those its body holds, from before migration 0020). */
  private withMetrics(t: Training): Promise<Training> {
    return guarded('training store', async () => {
      const db = this.database.db;
      const { rows } = await this.queries.run(db, 'metrics', (p) => db.selectFrom(METRICS).select('body').where('training_id', '=', p('id')).orderBy('idx'), { id: t.id });
      return rows.length === 0 ? t : { ...t, metrics: rows.map((r) => fromJsonColumn(r.body) as RoundMetrics) };
    });
  }

  /** Inside the save's transaction: the metrics after those already stored (usually the round just finished). */
  private async append(trx: DbTransaction, t: Training): Promise<void> {
    const { rows } = await this.queries.run(
      trx as Db,
      'stored',
      (p) =>
        trx
          .selectFrom(METRICS)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('training_id', '=', p('id')),
      {
        id: t.id,
      },
    );
    for (let idx = Number(rows[0]?.n ?? 0); idx < t.metrics.length; idx++) {
      await this.queries.run(trx as Db, 'insert', (p) => trx.insertInto(METRICS).values({ training_id: p('id'), idx: p('idx'), body: p('body') }), {
        id: t.id,
        idx,
        body: toJsonColumn(t.metrics[idx]),
      });
    }
  }
}
