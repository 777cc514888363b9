import type { Request, Response } from 'express';
import type { ResourceMeta } from '../../../catalog/index.js';
import { validationError } from '../../../core/index.js';
import type { RouteDef } from '../../http/route-def.js';
import { parseIfMatch, type ResourceRoutesSpec, warningsOf } from '../routes/resource-routes.js';
import { idResponse, readBody, requireBody, sendEdc, sendEdcWarned } from './edc-http.js';
import { idAtAtId } from './edc-id-rule.js';
import type { EdcNode } from './edc-node.js';
import type { AssetCriterion } from '../../../catalog/index.js';
import { runQuery } from './edc-query-run.js';
import type { QuerySource } from './edc-query-source.js';
import { querySpecFromEdc, type Queryable, type SortableFields } from './edc-query-spec.js';

export interface EdcResourceSpec<T extends ResourceMeta> {
  /** e.g. `/management/v3/assets`. */
  base: string;
  /** The /api/v1 resource: its schema, its builder, its checks and its store (one copy of every rule). */
  kontor: ResourceRoutesSpec<T, Record<string, string>>;
  /** EDC's PUT: on the collection with the id in the body (assets, contract definitions) or on `/{id}` (policies). */
  putOnItem: boolean;
  /** The EDC body as the /api/v1 input body. */
  fromEdc(node: EdcNode, id: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  toEdc(resource: T): Record<string, unknown>;
  queryable(resource: T): Queryable<T>;
  /** EDC field names in a QuerySpec → the names `queryable` gives. */
  mapField(name: string): string;
  /** The fields a QuerySpec may sort these resources on, besides `id` (given the stored ones). */
  sortable(resources: readonly T[]): SortableFields;
  /** When `sortable` depends on the stored resources: the fields one resource adds to `sortable([])`. */
  sortableOf?(resource: T): readonly string[];
  /** The /api/v1 list filter that selects exactly what one QuerySpec criterion selects, if there is one. */
  narrow?(criterion: AssetCriterion): Record<string, string> | undefined;
  /** The fields `narrow` answers (besides `id`), as a client names them. */
  narrowedBy?: readonly string[];
}

/** Where a QuerySpec on these resources reads them: the /api/v1 store, narrowed by its list filters (`narrow`). */
export function resourceQuerySource<T extends ResourceMeta>(spec: EdcResourceSpec<T>): QuerySource<T, Record<string, string>> {
  const store = spec.kontor.store;
  return {
    page: (offset, limit, filter) => store.list({ offset, limit, filter: filter as Record<string, string> }),
    findById: (id) => store.findById(id),
    queryable: spec.queryable,
    sortable: spec.sortable([]),
    ...(spec.sortableOf ? { sortableOf: spec.sortableOf } : {}),
    ...(spec.narrow ? { narrow: spec.narrow } : {}),
    narrowedBy: ['id', ...(spec.narrowedBy ?? [])],
  };
}

/** A replace may send back the `createdAt` that GET showed (Kontor keeps it); any other value is refused, naming it. */
function sameCreatedAt(node: EdcNode, stored: number): void {
  const given = node.string('createdAt');
  if (given !== undefined && given !== String(stored))
    throw validationError([{ pointer: node.at('createdAt'), message: `is set by Kontor: send the stored value ${stored} or leave it out` }]);
}

/**
 * EDC v3 CRUD for one resource, translated onto the /api/v1 resource spec: POST, GET, PUT, DELETE, POST /request.
 * PUT and DELETE honour Kontor's `If-Match: "v<version>"` (EDC has none; a stale one is a 409 VERSION_CONFLICT).
 */
export function edcResourceRoutes<T extends ResourceMeta>(spec: EdcResourceSpec<T>): RouteDef[] {
  const k = spec.kontor;
  const input = async (node: EdcNode, id: string) => {
    const given = await spec.fromEdc(node, id);
    let body: Record<string, unknown>;
    try {
      body = k.validator.validate<Record<string, unknown>>(k.inputSchema, given);
    } catch (error) {
      throw idAtAtId(error);
    }
    return k.fromBody(body, id);
  };
  const create = async (req: Request, res: Response) => {
    const node = await requireBody(req);
    const resource = await input(node, node.id ?? k.ids.next());
    await k.check?.(resource);
    // Kontor's warnings about the write (contract definitions: docs/edc-migration.md) ride beside EDC's IdResponse.
    const warned = await warningsOf(k, resource);
    const created = await k.store.create(resource);
    sendEdcWarned(res, idResponse(created.id, created.createdAt), warned);
  };
  const replace = async (req: Request, res: Response) => {
    const node = await requireBody(req);
    const id = spec.putOnItem ? String(req.params.id) : node.id;
    if (!id) throw validationError([{ pointer: '/@id', message: 'is required' }]);
    if (spec.putOnItem) node.pathId(id);
    const expected = parseIfMatch(req.get('if-match'));
    const current = await k.store.getById(id);
    sameCreatedAt(node, current.createdAt);
    let resource = await input(node, id);
    if (k.merge) resource = k.merge(resource, current);
    await k.check?.(resource);
    await k.store.replace(resource, expected ?? current.version);
    res.status(204).end();
  };
  const query = async (req: Request, res: Response) => {
    const q = querySpecFromEdc(await readBody(req, true), spec.mapField);
    const found = await runQuery(resourceQuerySource(spec), q);
    sendEdc(res, found.map(spec.toEdc));
  };
  const item = `${spec.base}/{id}`;
  return [
    { method: 'post', path: spec.base, handler: create, body: true },
    { method: 'post', path: `${spec.base}/request`, handler: query, body: true },
    { method: 'get', path: item, handler: async (req, res) => sendEdc(res, spec.toEdc(await k.store.getById(String(req.params.id)))) },
    { method: 'put', path: spec.putOnItem ? item : spec.base, handler: replace, body: true, preconditions: ['If-Match'] },
    {
      method: 'delete',
      path: item,
      handler: async (req, res) => {
        await k.store.delete(String(req.params.id), parseIfMatch(req.get('if-match')));
        res.status(204).end();
      },
      preconditions: ['If-Match'],
    },
  ];
}
