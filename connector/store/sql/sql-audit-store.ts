import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { ConnectorError } from '../../../core/index.js';
import type { Database, DbTransaction } from '../database.js';
import { driverCode, guarded, translateSqlError } from '../sql-errors.js';
import { QueryTemplates } from '../query-templates.js';
import type { AuditEntry, AuditEventType, AuditHead, JsonValue } from '../../audit/index.js';
import type { AuditAppend, AuditFilter, AuditStore } from '../../audit/index.js';

type Row = Record<string, unknown>;
const TABLE = 'audit_log';
const MAX_ATTEMPTS = 50;
/** Rows per INSERT of a batch append. */
const INSERT_CHUNK = 100;
/** The transaction-level advisory lock that serialises appends on PostgreSQL (any process, any pool). */
const APPEND_LOCK_KEY = 7345018;

/**
 * The audit log in SQL (migration 0008). `append` reads the head and inserts seq + 1 in one transaction, and
 * appends are serialised so they do not collide: on PostgreSQL the transaction first takes an advisory lock (every
 * replica's appends queue on it: no unique violation, no error in the server's log); SQLite's transactions begin
 * IMMEDIATE, so writers wait for each other's lock. `seq` is the primary key and `prev_hash` is unique all the
 * same, so a writer that skips the lock (an older Kontor during an upgrade) still cannot fork the chain: its insert
 * fails and it retries on the new head (`retries` counts those).
 * Triggers refuse UPDATE and DELETE; the hash chain still detects edits made around them.
 * `data` is kept as JSON text on both databases (JSONB would re-serialise it). `subject` (migration 0018) is the
 * entry's AuditInput.subject in a column of its own, indexed with seq for `select`; the triggers protect it too.
 * Only rows with seq a whole number ≥ 1 are the chain (migration 0024 refuses inserting others): every read leaves the
 * others out (on SQLite a text seq sorts above every number, so it would otherwise be the head), and `outsideChain`
 * finds them for `verify`.
 */
export class SqlAuditStore implements AuditStore {
  /** Appends that collided with another writer and were retried (none when every writer takes the lock). */
  retries = 0;

  /** The head read of every append, compiled once (query-templates.ts). */
  private readonly queries = new QueryTemplates(() => ({ database: this.database, scope: 'audit' }));

  constructor(private readonly database: Database) {}

  async append(build: (head: AuditHead | undefined) => AuditEntry, subject?: string): Promise<AuditEntry> {
    const [entry] = await this.appendAll([{ build, subject }]);
    return entry as AuditEntry;
  }

  /**
   * Every entry in one transaction (`appendAllWithin`), retried as a whole on the new head when another writer won the
   * race. A store bound to a caller's transaction (`storesOn` a transaction's handle) appends in that transaction, so
   * the entries commit with the caller's change; no retry there (the caller's transaction fails as a whole).
   */
  async appendAll(appends: readonly AuditAppend[]): Promise<AuditEntry[]> {
    if (appends.length === 0) return [];
    if (this.database.db.isTransaction)
      return this.appendAllWithin(this.database.db as DbTransaction, appends).catch((error: unknown) => {
        throw translateSqlError(error, 'the audit log');
      });
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.database.db.transaction().execute((trx) => this.appendAllWithin(trx, appends));
      } catch (error) {
        const translated = translateSqlError(error, 'the audit log');
        // Racing writers retry on the new head. A fault of the machine is not retried here: the driver already waited
        // for another process's lock (lock-wait.ts), and a full disk or a lost server does not pass in a moment.
        const code = driverCode(error);
        const conflict = translated.code === 'ALREADY_EXISTS' || code === 'SQLITE_BUSY_SNAPSHOT' || code === '40001' || code === '40P01';
        if (!conflict) throw translated;
        this.retries++;
        if (attempt >= MAX_ATTEMPTS)
          throw new ConnectorError('STORE_UNAVAILABLE', { detail: `the audit log stayed contended over ${MAX_ATTEMPTS} attempts`, cause: error, retryable: true });
      }
    }
  }

  /**
   * The append step inside a caller's transaction (the outbox relay appends and deletes what it relayed in one):
   * takes the append lock (PostgreSQL; reentrant), reads the head and inserts `build(head)`. No retry here.
   */
  async appendWithin(trx: DbTransaction, build: (head: AuditHead | undefined) => AuditEntry, subject?: string): Promise<AuditEntry> {
    const [entry] = await this.appendAllWithin(trx, [{ build, subject }]);
    return entry as AuditEntry;
  }

  /**
   * `appendWithin` for several entries in one transaction, in order: the head is read once and each entry links to
   * the one before it (the outbox relay's batch). The head read takes only what the next link needs (no data).
   */
  async appendAllWithin(trx: DbTransaction, builds: readonly AuditAppend[]): Promise<AuditEntry[]> {
    if (builds.length === 0) return [];
    await this.lockAppends(trx);
    const { rows } = await this.queries.run(trx, 'head', () => trx.selectFrom(TABLE).select(['seq', 'hash', 'at']).where(this.inChain()).orderBy('seq', 'desc').limit(1), {});
    const [row] = rows;
    let head: AuditHead | undefined = row ? { seq: Number(row.seq), hash: String(row.hash), at: String(row.at) } : undefined;
    const entries: AuditEntry[] = [];
    for (const { build } of builds) {
      const entry = build(head);
      entries.push(entry);
      head = entry;
    }
    // Built first, then inserted a few rows per statement (9 parameters a row, well under either database's limit).
    for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
      const rows = entries.slice(i, i + INSERT_CHUNK).map((entry, j) => ({ ...toRow(entry), subject: builds[i + j]?.subject ?? null }));
      await this.insertRows(trx, rows);
    }
    return entries;
  }

  /**
   * One multi-row INSERT, compiled once per row count (query-templates.ts; a round's or a relay batch's few sizes): every
   * row has the columns of `toRow` and `subject`, null where a value is absent.
   */
  private async insertRows(trx: DbTransaction, rows: readonly Row[]): Promise<void> {
    const columns = [...AUDIT_COLUMNS];
    const values: Record<string, unknown> = {};
    rows.forEach((row, j) => {
      for (const c of columns) values[`${c}${j}`] = row[c] ?? null;
    });
    await this.queries.run(
      trx,
      `insert ${rows.length}`,
      (p) => trx.insertInto(TABLE).values(rows.map((_, j) => Object.fromEntries(columns.map((c) => [c, p(`${c}${j}`)])))),
      values,
    );
  }

  /** Waits for, then holds until the transaction ends, the lock every appender takes (PostgreSQL; SQLite has one writer). */
  async lockAppends(trx: DbTransaction): Promise<void> {
    if (this.database.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY})`.execute(trx);
  }

  head(): Promise<AuditEntry | undefined> {
    return guarded('the audit log', async () => {
      const db = this.database.db;
      // Every signed checkpoint reads it (a training round's, once): compiled once.
      const { rows } = await this.queries.run(db, 'head row', () => db.selectFrom(TABLE).selectAll().where(this.inChain()).orderBy('seq', 'desc').limit(1), {});
      const [row] = rows;
      return row ? fromRow(row) : undefined;
    });
  }

  range(fromSeq: number, limit: number): Promise<AuditEntry[]> {
    return guarded('the audit log', async () => {
      const rows = await this.database.db.selectFrom(TABLE).selectAll().where('seq', '>=', fromSeq).where(this.inChain()).orderBy('seq').limit(limit).execute();
      return rows.map(fromRow);
    });
  }

  outsideChain(limit: number): Promise<{ count: number; seqs: string[] }> {
    return guarded('the audit log', async () => {
      const db = this.database.db;
      const outside = this.database.dialect === 'sqlite' ? sql<SqlBool>`NOT (${this.inChain()})` : sql<SqlBool>`seq < 1`;
      const count = await db
        .selectFrom(TABLE)
        .where(outside)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      const n = Number(count?.n ?? 0);
      if (n === 0) return { count: 0, seqs: [] };
      const rows = await db
        .selectFrom(TABLE)
        .where(outside)
        .select(['seq', sql<string>`${this.database.dialect === 'sqlite' ? sql`typeof(seq)` : sql`'integer'`}`.as('kind')])
        .limit(limit)
        .execute();
      return { count: n, seqs: rows.map((r) => renderSeq(r.seq, String(r.kind))) };
    });
  }

  /** Rows the chain can hold: seq a whole number ≥ 1 (SQLite's BIGINT column takes any value; `typeof` tells). */
  private inChain(): RawBuilder<SqlBool> {
    return this.database.dialect === 'sqlite' ? sql<SqlBool>`(seq >= 1 AND typeof(seq) = 'integer')` : sql<SqlBool>`seq >= 1`;
  }

  get(seq: number): Promise<AuditEntry | undefined> {
    return guarded('the audit log', async () => {
      const row = await this.database.db.selectFrom(TABLE).selectAll().where('seq', '=', seq).executeTakeFirst();
      return row ? fromRow(row) : undefined;
    });
  }

  list(query: { agreementId?: string | undefined; offset: number; limit: number }): Promise<{ items: AuditEntry[]; total: number }> {
    return guarded('the audit log', async () => {
      let base = this.database.db.selectFrom(TABLE).where(this.inChain());
      if (query.agreementId !== undefined) base = base.where('agreement_id', '=', query.agreementId);
      const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      const rows = await base.selectAll().orderBy('seq').offset(query.offset).limit(query.limit).execute();
      return { items: rows.map(fromRow), total: Number(count?.n ?? 0) };
    });
  }

  /** Indexed: `subject` on (subject, seq) (migration 0018), else `agreementId` on (agreement_id, seq); keyset pages. */
  select(filter: AuditFilter, page: { afterSeq: number; limit: number }): Promise<AuditEntry[]> {
    return guarded('the audit log', async () => {
      if (filter.types?.length === 0) return [];
      let query = this.database.db.selectFrom(TABLE).selectAll().where('seq', '>', page.afterSeq).where(this.inChain());
      if (filter.subject !== undefined) query = query.where('subject', '=', filter.subject);
      if (filter.agreementId !== undefined) query = query.where('agreement_id', '=', filter.agreementId);
      if (filter.types !== undefined) query = query.where('type', 'in', [...filter.types]);
      return (await query.orderBy('seq').limit(page.limit).execute()).map(fromRow);
    });
  }
}

/** The columns an append writes (`toRow` and the subject). */
const AUDIT_COLUMNS = ['seq', 'at', 'type', 'agreement_id', 'actor', 'data', 'prev_hash', 'hash', 'subject'] as const;

function toRow(e: AuditEntry): Row {
  return { seq: e.seq, at: e.at, type: e.type, agreement_id: e.agreementId ?? null, actor: e.actor, data: JSON.stringify(e.data), prev_hash: e.prevHash, hash: e.hash };
}

/** A seq outside the chain as the database holds it: NULL, a number, or quoted text. */
function renderSeq(seq: unknown, kind: string): string {
  if (seq === null || seq === undefined) return 'NULL';
  return kind === 'text' || kind === 'blob' ? `'${String(seq).slice(0, 40)}'` : String(seq);
}

function fromRow(r: Row): AuditEntry {
  const base = { seq: Number(r.seq), at: String(r.at), type: String(r.type) as AuditEventType };
  const agreement = r.agreement_id == null ? {} : { agreementId: String(r.agreement_id) };
  return { ...base, ...agreement, actor: String(r.actor), data: parseData(String(r.data)), prevHash: String(r.prev_hash), hash: String(r.hash) };
}

/** A row edited into invalid JSON still loads (and then fails verification) instead of breaking the reader. */
function parseData(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return { unparseableData: text };
  }
}
