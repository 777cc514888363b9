import { ConnectorError, notFound, type Clock } from '../../../core/index.js';
import type { ClaimQuery, Lease, StateEntityStore } from '../../statemachine/state-entity-store.js';
import type { StatefulEntity } from '../../statemachine/stateful-entity.js';
import { writeRecords, type OutboxRecord } from './outbox/outbox-records.js';
import type { SaveCompanion } from './save-companion.js';
import { writeStateChange } from './outbox/state-change.js';
import type { Database, Db, DbExpressionBuilder as Eb } from '../database.js';
import { fromJsonColumn, toJsonColumn } from '../json-column.js';
import { guarded } from '../sql-errors.js';
import { KnownStates, keysOf } from './known-states.js';
import { withinTransaction } from '../within-transaction.js';
import { QueryTemplates } from '../query-templates.js';

type Row = Record<string, unknown>;
/** The entity's fields that are columns of their own; the rest is its JSON body. */
const STATE_KEYS = ['id', 'state', 'stateCount', 'stateTimestamp', 'nextAttemptAt', 'pending', 'errorDetail'];
const META_KEYS = [...STATE_KEYS, 'correlationId', 'counterPartyId', 'version', 'createdAt', 'updatedAt'];

/**
 * One Kysely implementation of StateEntityStore over a state table (see migration 0002).
 * PostgreSQL claims with `FOR UPDATE SKIP LOCKED`; SQLite has one writer, so its single UPDATE … RETURNING is atomic.
 * With an `outboxKind`, a save that changes the state also writes the change to the outbox in the same transaction
 * (connector/outbox): its audit entry and webhook events cannot be lost between the commit and their writing.
 */
export class SqlStateEntityStore<E extends StatefulEntity> implements StateEntityStore<E> {
  /** The states of versions this process saw: a save's `from` without reading the row again. */
  private readonly known = new KnownStates();
  /** The hot statements (save, find), compiled once (query-templates.ts). */
  private readonly queries = new QueryTemplates(() => ({ database: this.database, scope: `state ${this.table}` }));

  constructor(
    private readonly database: Database,
    private readonly table: string,
    private readonly label: string,
    private readonly clock: Clock,
    private readonly outboxKind?: string,
    /** Takes a transient field off an entity and writes it in the save's transaction (save-companion.ts). */
    private readonly companion?: SaveCompanion<E>,
  ) {}

  findById(id: string): Promise<E | undefined> {
    return this.findBy({ id });
  }

  findByCorrelationId(correlationId: string, counterPartyId: string): Promise<E | undefined> {
    return this.findBy({ correlation_id: correlationId, counter_party_id: counterPartyId });
  }

  async getById(id: string): Promise<E> {
    const found = await this.findById(id);
    if (!found) throw notFound(this.label, id);
    return found;
  }

  async save(entity: E, releaseFor?: string): Promise<E> {
    return (await this.saveAndMaybeLease(entity, releaseFor, undefined)).saved;
  }

  saveAndLease(entity: E, lease: Lease, releaseFor?: string): Promise<{ saved: E; leased: boolean }> {
    return this.saveAndMaybeLease(entity, releaseFor, lease);
  }

  private saveAndMaybeLease(entity: E, releaseFor: string | undefined, lease: Lease | undefined): Promise<{ saved: E; leased: boolean }> {
    return guarded(`${this.label} store`, async () => {
      const kind = this.outboxKind;
      const taken = this.companion?.take(entity);
      const { outboxRecords, ...plain } = taken?.rest ?? entity;
      const records = (outboxRecords ?? []) as readonly OutboxRecord[];
      const alsoWrite = taken?.write;
      if (kind === undefined && records.length === 0 && !alsoWrite) return this.write(this.database.db, plain as E, releaseFor, lease);
      const result = await withinTransaction(this.database.db, async (trx) => {
        const from = kind === undefined || plain.version === 0 ? null : await this.storedState(trx, plain as E);
        const written = await this.write(trx, plain as E, releaseFor, lease);
        const saved = written.saved;
        if (kind !== undefined && from !== saved.state) {
          const role = String((saved as { role?: unknown }).role ?? '');
          await writeStateChange(
            trx,
            { kind, id: saved.id, role, from, to: saved.state, at: saved.stateTimestamp, entity: { ...saved } as Record<string, unknown> },
            saved.updatedAt,
            this.queries,
          );
        }
        await writeRecords(trx, records, saved.updatedAt);
        await alsoWrite?.(trx);
        return written;
      });
      // A version's state is remembered once it is committed: inside a caller's transaction, that may still roll back.
      if (!this.database.db.isTransaction)
        this.known.note(result.saved.id, result.saved.version, result.saved.state, keysOf(result.saved.correlationId, result.saved.counterPartyId));
      return result;
    });
  }

  /** The state of the version being replaced (null when it is gone: the write then fails with VERSION_CONFLICT). */
  private async storedState(db: Db, entity: E): Promise<string | null> {
    const known = this.known.stateAt(entity.id, entity.version);
    if (known !== undefined) return known;
    const row = await db.selectFrom(this.table).select('state').where('id', '=', entity.id).where('version', '=', entity.version).executeTakeFirst();
    return row ? String(row.state) : null;
  }

  /**
   * Inserts or updates (version check). With `lease`, the saved row is leased to its owner in the same statement when
   * no one else holds a live lease on it (`leased`); else it is saved without, as any other save.
   */
  private async write(db: Db, entity: E, releaseFor: string | undefined, lease: Lease | undefined): Promise<{ saved: E; leased: boolean }> {
    const now = this.clock.now();
    const saved = { ...entity, version: entity.version + 1, updatedAt: now, createdAt: entity.version === 0 ? now : entity.createdAt };
    const { lease_owner: _o, lease_expires_at: _e, ...row } = this.toRow(saved);
    // toRow gives every entity the same columns, so the statements below are built once each (query-templates.ts).
    const columns = Object.keys(row);
    if (entity.version === 0) {
      const all = (p: (name: string) => string) => Object.fromEntries(columns.map((c) => [c, p(c)]));
      const leaseColumns = lease ? { lease_owner: lease.owner, lease_expires_at: now + lease.leaseMs } : { lease_owner: null, lease_expires_at: null };
      await this.queries.run(db, `insert`, (p) => db.insertInto(this.table).values({ ...all(p), lease_owner: p('lease_owner'), lease_expires_at: p('lease_expires_at') }), {
        ...row,
        ...leaseColumns,
      });
      return { saved, leased: lease !== undefined };
    }
    const keys = { key_id: entity.id, key_version: entity.version, now };
    // An UPDATE rewrites the index entries of every column it sets, whatever the value: the id and creation time never
    // change, and the indexed correlation and counterparty ids are left out when this version is known to hold them.
    const sameKeys = this.known.at(entity.id, entity.version)?.keys === keysOf(saved.correlationId, saved.counterPartyId);
    const changing = columns.filter((c) => c !== 'id' && c !== 'created_at' && !(sameKeys && (c === 'correlation_id' || c === 'counter_party_id')));
    const set = (p: (name: string) => string) => Object.fromEntries(changing.map((c) => [c, p(c)]));
    const variant = sameKeys ? ' (same keys)' : '';
    if (lease) {
      const others = releaseFor === undefined ? 'unleased' : 'unleased or ours';
      const taken = await this.queries.run(
        db,
        `update and lease (${others})${variant}`,
        (p) =>
          db
            .updateTable(this.table)
            .set({ ...set(p), lease_owner: p('lease_owner'), lease_expires_at: p('lease_expires_at') })
            .where('id', '=', p('key_id'))
            .where('version', '=', p('key_version'))
            .where((eb: Eb) =>
              eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', '<', p('now')), ...(releaseFor === undefined ? [] : [eb('lease_owner', '=', p('release_for'))])]),
            ),
        { ...row, ...keys, lease_owner: lease.owner, lease_expires_at: now + lease.leaseMs, ...(releaseFor === undefined ? {} : { release_for: releaseFor }) },
      );
      if (Number(taken.numAffectedRows) === 1) return { saved, leased: true };
    }
    // Releasing: only a lease that is ours, or no longer anyone's, is given up with the save.
    const result =
      releaseFor === undefined
        ? await this.queries.run(db, `update${variant}`, (p) => db.updateTable(this.table).set(set(p)).where('id', '=', p('key_id')).where('version', '=', p('key_version')), {
            ...row,
            ...keys,
          })
        : await this.queries.run(
            db,
            `update and release${variant}`,
            (p) =>
              db
                .updateTable(this.table)
                .set({ ...set(p), lease_owner: null, lease_expires_at: null })
                .where('id', '=', p('key_id'))
                .where('version', '=', p('key_version'))
                .where((eb: Eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', p('release_for')), eb('lease_expires_at', '<', p('now'))])),
            { ...row, ...keys, release_for: releaseFor },
          );
    if (Number(result.numAffectedRows) !== 1) {
      throw new ConnectorError('VERSION_CONFLICT', { detail: `${this.label} '${entity.id}' was changed by someone else`, retryable: true });
    }
    return { saved, leased: false };
  }

  claimDue(q: ClaimQuery<E['state']>): Promise<E[]> {
    if (q.states.length === 0 || q.limit <= 0) return Promise.resolve([]);
    return guarded(`${this.label} store`, async () => {
      const now = this.clock.now();
      const db = this.database.db;
      const states = Object.fromEntries(q.states.map((s, i) => [`state${i}`, s]));
      const skipped = q.skipCounterParties ?? [];
      const skips = Object.fromEntries(skipped.map((c, i) => [`skip${i}`, c]));
      const { rows } = await this.queries.run(
        db,
        `claim due in ${q.states.length} states, skipping ${skipped.length} counterparties`,
        (p) => {
          const slots = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => p(`${prefix}${i}`));
          let due = db
            .selectFrom(this.table)
            .select('id')
            .where('state', 'in', slots('state', q.states.length))
            .where('pending', '=', 0)
            .where('next_attempt_at', '<=', p('now'))
            .where((eb: Eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', '<', p('now'))]));
          if (skipped.length > 0) due = due.where((eb: Eb) => eb.or([eb('counter_party_id', 'is', null), eb('counter_party_id', 'not in', slots('skip', skipped.length))]));
          // Earliest due first: a retry waits behind what became due before its back-off ended, not ahead of it.
          due = due
            .orderBy('next_attempt_at')
            .orderBy('state_timestamp')
            .limit(p('limit') as unknown as number);
          if (this.database.dialect === 'postgres') due = due.forUpdate().skipLocked();
          return db
            .updateTable(this.table)
            .set({ lease_owner: p('owner'), lease_expires_at: p('expires') })
            .where('id', 'in', due)
            .returningAll();
        },
        { ...states, ...skips, now, limit: q.limit, owner: q.owner, expires: now + q.leaseMs },
      );
      return rows.map((r: Row) => this.fromRow(r)).sort((a: E, b: E) => a.nextAttemptAt - b.nextAttemptAt || a.stateTimestamp - b.stateTimestamp);
    });
  }

  claimById(id: string, owner: string, leaseMs: number): Promise<E> {
    return guarded(`${this.label} store`, async () => {
      const now = this.clock.now();
      const row = await this.database.db
        .updateTable(this.table)
        .set({ lease_owner: owner, lease_expires_at: now + leaseMs })
        .where('id', '=', id)
        .where((eb: Eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_expires_at', '<', now)]))
        .returningAll()
        .executeTakeFirst();
      if (row) return this.fromRow(row);
      if (await this.findById(id)) throw new ConnectorError('LEASE_HELD', { detail: `${this.label} '${id}' is leased by another worker`, retryable: true });
      throw notFound(this.label, id);
    });
  }

  release(id: string, owner: string): Promise<void> {
    return guarded(`${this.label} store`, async () => {
      await this.database.db.updateTable(this.table).set({ lease_owner: null, lease_expires_at: null }).where('id', '=', id).where('lease_owner', '=', owner).execute();
    });
  }

  list(query: { states?: readonly E['state'][]; offset: number; limit: number }): Promise<{ items: E[]; total: number }> {
    return guarded(`${this.label} store`, async () => {
      let base = this.database.db.selectFrom(this.table);
      if (query.states && query.states.length > 0) base = base.where('state', 'in', [...query.states]);
      const count = await base.select((eb: Eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      const rows = await base.selectAll().orderBy('created_at').orderBy('id').offset(query.offset).limit(query.limit).execute();
      return { items: rows.map((r: Row) => this.fromRow(r)), total: Number(count?.n ?? 0) };
    });
  }

  /** The first row whose columns hold the given values (a compiled template per set of columns). */
  private findBy(match: Readonly<Record<string, string>>): Promise<E | undefined> {
    return guarded(`${this.label} store`, async () => {
      const columns = Object.keys(match);
      const build = (p: (name: string) => string) => columns.reduce((q, c) => q.where(c, '=', p(c)), this.database.db.selectFrom(this.table).selectAll());
      const { rows } = await this.queries.run(this.database.db, `find by ${columns.join(', ')}`, build, match);
      return rows[0] ? this.fromRow(rows[0]) : undefined;
    });
  }

  private toRow(e: E): Row {
    const body = Object.fromEntries(Object.entries(e).filter(([k]) => !META_KEYS.includes(k)));
    return {
      id: e.id,
      state: e.state,
      state_count: e.stateCount,
      state_timestamp: e.stateTimestamp,
      next_attempt_at: e.nextAttemptAt,
      pending: e.pending ? 1 : 0,
      error_detail: e.errorDetail ?? null,
      correlation_id: e.correlationId ?? null,
      counter_party_id: e.counterPartyId ?? null,
      version: e.version,
      created_at: e.createdAt,
      updated_at: e.updatedAt,
      lease_owner: null,
      lease_expires_at: null,
      body: toJsonColumn(body),
    };
  }

  private fromRow(r: Row): E {
    const entity: Record<string, unknown> = {
      ...(fromJsonColumn(r.body) as object),
      id: String(r.id),
      state: String(r.state),
      stateCount: Number(r.state_count),
      stateTimestamp: Number(r.state_timestamp),
      nextAttemptAt: Number(r.next_attempt_at),
      pending: Number(r.pending) === 1,
      version: Number(r.version),
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
    };
    if (r.error_detail != null) entity.errorDetail = String(r.error_detail);
    if (r.correlation_id != null) entity.correlationId = String(r.correlation_id);
    if (r.counter_party_id != null) entity.counterPartyId = String(r.counter_party_id);
    if (this.outboxKind !== undefined && !this.database.db.isTransaction)
      this.known.note(String(r.id), Number(r.version), String(r.state), keysOf(r.correlation_id, r.counter_party_id));
    return entity as E;
  }
}
