import { notFound, type Clock } from '../../../core/index.js';
import type { ClaimQuery, Lease, StateEntityStore } from '../../statemachine/state-entity-store.js';
import { ENDED_TRAINING_STATES, type RoundMetrics, type Training, type TrainingHead, type TrainingHeads } from '../../training/index.js';
import type { Database, DbTransaction } from '../database.js';
import { fromJsonColumn, toJsonColumn } from '../json-column.js';
import { QueryTemplates } from '../query-templates.js';
import { guarded } from '../sql-errors.js';
import { noteAfterWork } from './after-work-sql-store.js';
import { SqlStateEntityStore } from './sql-state-entity-store.js';

const METRICS = 'fl_training_metrics';

const ended = (t: Training): boolean => (ENDED_TRAINING_STATES as readonly string[]).includes(t.state);

/** A round's checkpoint entry as the coordinator records it with the round's metrics (coordinator-round.ts). */
const checkpointOf = (m: RoundMetrics): Training['checkpoints'][number] => ({ round: m.round, modelHash: m.modelHash, at: m.at });

/** Set in a row whose checkpoint list was left out because its metrics give it (derivable); never on an entity. */
const DERIVED = 'checkpointsFromMetrics';

/** The saved training (its version, times) with the lists its row left out, from the entity that was saved. */
function restored(saved: Training, entity: Training): Training {
  const { [DERIVED]: _derived, ...plain } = saved as Training & { [DERIVED]?: boolean };
  return { ...plain, metrics: entity.metrics, checkpoints: entity.checkpoints };
}

/**
 * Whether the training's checkpoint list is exactly what its metrics give (one entry a round, checkpointOf): then the
 * row does not keep it either (it grows by a round too) and reads derive it. Any other list stays in the row as it is.
 */
function derivable(t: Training): boolean {
  if (t.checkpoints.length !== t.metrics.length || t.metrics.length === 0) return false;
  return t.checkpoints.every((c, i) => {
    const m = t.metrics[i] as RoundMetrics;
    return Object.keys(c).length === 3 && c.round === m.round && c.modelHash === m.modelHash && c.at === m.at;
  });
}

function headOf(t: Training): TrainingHead {
  const { metrics: _metrics, checkpoints: _checkpoints, [DERIVED]: _derived, ...head } = t as Training & { [DERIVED]?: boolean };
  return head;
}

/** A training as its row holds it, with its metrics rows (stored bodies, in order) put back. */
function joined(t: Training, bodies: readonly unknown[]): Training {
  const { [DERIVED]: derived, ...plain } = t as Training & { [DERIVED]?: boolean };
  if (bodies.length === 0) return plain;
  const metrics = bodies.map((b) => fromJsonColumn(b) as RoundMetrics);
  return { ...plain, metrics, checkpoints: derived === true ? metrics.map(checkpointOf) : plain.checkpoints };
}

/**
 * The coordinator's trainings: a row of the state table (sql-state-entity-store.ts) without the per-round metrics,
 * which are rows of their own (migration 0020), each written once, in the transaction of the save that brought it, and
 * without the checkpoint list when it is the one the metrics give (derivable). A training's row then stays the same
 * size however many rounds it runs: before, every round's save wrote every earlier round's metrics again (about 1 KB a
 * round with 3 sites, 7 KB with 20). Every read puts both back. A row written before (metrics in its body) is read as
 * it is; its next save moves them.
 */
export class TrainingSqlStore implements StateEntityStore<Training>, TrainingHeads {
  private readonly rows: SqlStateEntityStore<Training>;
  private readonly queries = new QueryTemplates(() => ({ database: this.database, scope: 'training metrics' }));

  constructor(
    private readonly database: Database,
    clock: Clock,
  ) {
    this.rows = new SqlStateEntityStore<Training>(database, 'fl_trainings', 'training', clock, undefined, {
      take: (t) => ({
        rest: derivable(t) ? ({ ...t, metrics: [], checkpoints: [], [DERIVED]: true } as Training) : { ...t, metrics: [] },
        ...(t.metrics.length > 0 || ended(t) ? { write: (trx: DbTransaction) => this.alsoWrite(trx, t) } : {}),
      }),
    });
  }

  /** With a save: the rounds' metrics rows not stored yet and, when the training has ended, its after-work item. */
  private async alsoWrite(trx: DbTransaction, t: Training): Promise<void> {
    if (t.metrics.length > 0) await this.append(trx, t);
    if (ended(t)) await noteAfterWork(trx, t.id);
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

  /** The training without its per-round lists: one row read, no metrics rows (a row from before 0020 drops those it holds). */
  async findHeadById(id: string): Promise<TrainingHead | undefined> {
    const found = await this.rows.findById(id);
    return found && headOf(found);
  }

  /** A page of trainings without their per-round lists (no metrics rows read). */
  async listHeads(query: { states?: readonly Training['state'][]; offset: number; limit: number }): Promise<{ items: TrainingHead[]; total: number }> {
    const page = await this.rows.list(query);
    return { items: page.items.map(headOf), total: page.total };
  }

  async findByCorrelationId(correlationId: string, counterPartyId: string): Promise<Training | undefined> {
    const found = await this.rows.findByCorrelationId(correlationId, counterPartyId);
    return found && this.withMetrics(found);
  }

  async save(entity: Training, releaseFor?: string): Promise<Training> {
    return restored(await this.rows.save(entity, releaseFor), entity);
  }

  async saveAndLease(entity: Training, lease: Lease, releaseFor?: string): Promise<{ saved: Training; leased: boolean }> {
    const { saved, leased } = await this.rows.saveAndLease(entity, lease, releaseFor);
    return { saved: restored(saved, entity), leased };
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

  /** A page of trainings with their metrics, read for the whole page in one query. */
  async list(query: { states?: readonly Training['state'][]; offset: number; limit: number }): Promise<{ items: Training[]; total: number }> {
    const page = await this.rows.list(query);
    const ids = page.items.map((t) => t.id);
    const rows =
      ids.length === 0
        ? []
        : await guarded('training store', () =>
            this.database.db.selectFrom(METRICS).select(['training_id', 'body']).where('training_id', 'in', ids).orderBy('training_id').orderBy('idx').execute(),
          );
    const byTraining = new Map<string, unknown[]>();
    for (const r of rows) {
      const list = byTraining.get(String(r.training_id));
      if (list) list.push(r.body);
      else byTraining.set(String(r.training_id), [r.body]);
    }
    return { items: page.items.map((t) => joined(t, byTraining.get(t.id) ?? [])), total: page.total };
  }

  /** The training with its metrics rows in their order (none: those its body holds, from before migration 0020). */
  private withMetrics(t: Training): Promise<Training> {
    return guarded('training store', async () => {
      const db = this.database.db;
      const { rows } = await this.queries.run(db, 'metrics', (p) => db.selectFrom(METRICS).select('body').where('training_id', '=', p('id')).orderBy('idx'), { id: t.id });
      return joined(
        t,
        rows.map((r) => r.body),
      );
    });
  }

  /** Inside the save's transaction: the metrics after those already stored (usually the round just finished). */
  private async append(trx: DbTransaction, t: Training): Promise<void> {
    const { rows } = await this.queries.run(
      trx,
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
      await this.queries.run(trx, 'insert', (p) => trx.insertInto(METRICS).values({ training_id: p('id'), idx: p('idx'), body: p('body') }), {
        id: t.id,
        idx,
        body: toJsonColumn(t.metrics[idx]),
      });
    }
  }
}
