import type { ListQuery, Page, ResourceMeta, ResourceStore } from '../../../catalog/index.js';
import { ConnectorError, notFound, type Clock } from '../../../core/index.js';
import type { Database, DbSelect as AnySelect, DbTransaction as AnyTrx, DialectName } from '../database.js';
import { guarded } from '../sql-errors.js';
import { QueryTemplates } from '../query-templates.js';
import { fromJsonColumn, toJsonColumn } from '../json-column.js';

export type Row = Record<string, unknown>;
type Input<T> = Omit<T, 'createdAt' | 'updatedAt' | 'version'>;

/** What differs between resource tables; the generic store does the rest. */
export interface ResourceTableSpec<T extends ResourceMeta, F> {
  table: string;
  /** Human name used in error details, e.g. "asset". */
  label: string;
  body(resource: Input<T>): object;
  /** `row` holds the table's columns: as read, or (after a write) as written. */
  fromRow(meta: ResourceMeta, body: Record<string, unknown>, row: Row): T;
  columns(resource: Input<T>): Row;
  searchText(resource: Input<T>): string;
  filter(query: AnySelect, filter: F, dialect: DialectName): AnySelect;
  beforeWrite?(trx: AnyTrx, resource: Input<T>): Promise<void>;
  afterWrite?(trx: AnyTrx, resource: Input<T>): Promise<void>;
  beforeDelete?(trx: AnyTrx, id: string): Promise<void>;
}

/** One Kysely implementation of ResourceStore for SQLite and PostgreSQL. */
export class SqlResourceStore<T extends ResourceMeta, F> implements ResourceStore<T, F> {
  private readonly queries = new QueryTemplates(() => ({ database: this.database, scope: `resources ${this.spec.table}` }));

  constructor(
    private readonly database: Database,
    private readonly spec: ResourceTableSpec<T, F>,
    private readonly clock: Clock,
  ) {}

  create(resource: Input<T>): Promise<T> {
    return guarded(`${this.spec.label} store`, () =>
      this.database.db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom(this.spec.table).select('id').where('id', '=', resource.id).executeTakeFirst();
        if (existing) throw new ConnectorError('ALREADY_EXISTS', { detail: `${this.spec.label} '${resource.id}' already exists` });
        await this.spec.beforeWrite?.(trx, resource);
        const now = this.clock.now();
        const row = this.row(resource);
        await trx
          .insertInto(this.spec.table)
          .values({ ...row, created_at: now, updated_at: now, version: 1 })
          .execute();
        await this.spec.afterWrite?.(trx, resource);
        return this.spec.fromRow({ id: resource.id, createdAt: now, updatedAt: now, version: 1 }, this.spec.body(resource) as Record<string, unknown>, row);
      }),
    );
  }

  replace(resource: Input<T>, expectedVersion?: number): Promise<T> {
    return guarded(`${this.spec.label} store`, () =>
      this.database.db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom(this.spec.table).select(['version', 'created_at']).where('id', '=', resource.id).executeTakeFirst();
        if (!current) throw notFound(this.spec.label, resource.id);
        const version = Number(current.version);
        if (expectedVersion !== undefined && expectedVersion !== version) throw conflict(this.spec.label, resource.id, expectedVersion, version);
        await this.spec.beforeWrite?.(trx, resource);
        const now = this.clock.now();
        const row = this.row(resource);
        const result = await trx
          .updateTable(this.spec.table)
          .set({ ...row, updated_at: now, version: version + 1 })
          .where('id', '=', resource.id)
          .where('version', '=', version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) throw conflict(this.spec.label, resource.id, version, version + 1);
        await this.spec.afterWrite?.(trx, resource);
        const meta = { id: resource.id, createdAt: Number(current.created_at), updatedAt: now, version: version + 1 };
        return this.spec.fromRow(meta, this.spec.body(resource) as Record<string, unknown>, row);
      }),
    );
  }

  findById(id: string): Promise<T | undefined> {
    return guarded(`${this.spec.label} store`, async () => {
      const row = await this.queries.findRow(this.database.db, this.spec.table, 'id', id);
      return row ? this.map(row) : undefined;
    });
  }

  async getById(id: string): Promise<T> {
    const found = await this.findById(id);
    if (!found) throw notFound(this.spec.label, id);
    return found;
  }

  delete(id: string, expectedVersion?: number): Promise<void> {
    return guarded(`${this.spec.label} store`, () =>
      this.database.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom(this.spec.table).select('version').where('id', '=', id).executeTakeFirst();
        if (!row) throw notFound(this.spec.label, id);
        const version = Number(row.version);
        if (expectedVersion !== undefined && expectedVersion !== version) throw conflict(this.spec.label, id, expectedVersion, version);
        await this.spec.beforeDelete?.(trx, id);
        if (expectedVersion === undefined) {
          await trx.deleteFrom(this.spec.table).where('id', '=', id).execute();
          return;
        }
        // A replace that committed since the read above (PostgreSQL, read committed) makes this a conflict too.
        const result = await trx.deleteFrom(this.spec.table).where('id', '=', id).where('version', '=', version).executeTakeFirst();
        if (Number(result.numDeletedRows) !== 1) throw conflict(this.spec.label, id, version, version + 1);
      }),
    );
  }

  list(query: ListQuery<F>): Promise<Page<T>> {
    return guarded(`${this.spec.label} store`, async () => {
      let base = this.spec.filter(this.database.db.selectFrom(this.spec.table), query.filter, this.database.dialect);
      const seek = query.seek;
      const op = seek?.direction === 'before' ? '<' : '>';
      if (seek) base = base.where((eb) => eb.or([eb('created_at', op, seek.createdAt), eb.and([eb('created_at', '=', seek.createdAt), eb('id', op, seek.id)])]));
      const order = seek?.direction === 'before' ? 'desc' : 'asc';
      const countRow = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      const rows = await base.selectAll().orderBy('created_at', order).orderBy('id', order).offset(query.offset).limit(query.limit).execute();
      return { items: rows.map((r: Row) => this.map(r)), total: Number(countRow?.n ?? 0), offset: query.offset, limit: query.limit };
    });
  }

  private row(resource: Input<T>): Row {
    return {
      id: resource.id,
      body: toJsonColumn(this.spec.body(resource)),
      search_text: this.spec.searchText(resource).toLowerCase(),
      ...this.spec.columns(resource),
    };
  }

  private map(row: Row): T {
    const meta = { id: String(row.id), createdAt: Number(row.created_at), updatedAt: Number(row.updated_at), version: Number(row.version) };
    return this.spec.fromRow(meta, fromJsonColumn(row.body) as Record<string, unknown>, row);
  }
}

function conflict(label: string, id: string, expected: number, actual: number): ConnectorError {
  return new ConnectorError('VERSION_CONFLICT', { detail: `${label} '${id}' is at version ${actual}, not ${expected}` });
}

/** `LIKE` pattern for a case-insensitive substring match against a lower-cased column (escape char `\`). */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
