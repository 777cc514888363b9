import type { Request, Response } from 'express';
import type { ResourceMeta, ResourceStore } from '../../../catalog/index.js';
import { ConnectorError, toIso, type IdGenerator } from '../../../core/index.js';
import { pageLinks, parseListQuery } from '../../http/list-query.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';

type Input<T> = Omit<T, 'createdAt' | 'updatedAt' | 'version'>;

export interface ResourceRoutesSpec<T extends ResourceMeta, F> {
  /** Collection path, e.g. `/api/v1/assets`. */
  base: string;
  store: ResourceStore<T, F>;
  inputSchema: string;
  filters: readonly string[];
  ids: IdGenerator;
  validator: RequestValidator;
  /** Builds the stored resource from a schema-valid body. */
  fromBody(body: Record<string, unknown>, id: string): Input<T>;
  /** The resource as the API shows it (without meta fields). */
  toDto(resource: T): Record<string, unknown>;
  /** Semantic checks beyond the schema (e.g. the policy engine); throws VALIDATION_FAILED / POLICY_INVALID; may return the resource completed. */
  check?(resource: Input<T>): Input<T> | undefined | Promise<Input<T> | undefined>;
  /** Checks the listing's filter values beyond their length (throws INVALID_QUERY naming the parameter). */
  checkFilter?(filter: Readonly<Record<string, string>>): void;
  /** Fills write-only fields that the client sent back redacted. */
  merge?(next: Input<T>, current: T): Input<T>;
  /**
   * What a write is warned about (accepted, but likely not working as meant), asked before it is saved (a failure
   * here stores nothing): answered as `warnings` when any.
   */
  warnings?(resource: Input<T>): Promise<readonly object[]>;
}

/** `{ warnings }` when a write is warned about anything, otherwise nothing (the answer keeps its plain shape). */
export async function warningsOf<T extends ResourceMeta, F>(spec: Pick<ResourceRoutesSpec<T, F>, 'warnings'>, resource: Input<T>): Promise<{ warnings?: readonly object[] }> {
  const warnings = (await spec.warnings?.(resource)) ?? [];
  return warnings.length > 0 ? { warnings } : {};
}

/** CRUD + paginated, filtered listing for one resource: POST 201, GET, PUT (If-Match), DELETE 204 (If-Match). */
export function resourceRoutes<T extends ResourceMeta, F>(spec: ResourceRoutesSpec<T, F>): RouteDef[] {
  const item = `${spec.base}/{id}`;
  const dto = (r: T) => ({ id: r.id, ...spec.toDto(r), createdAt: toIso(r.createdAt), updatedAt: toIso(r.updatedAt), version: r.version });
  const etag = (r: T) => `"v${r.version}"`;

  const list = async (req: Request, res: Response) => {
    const q = parseListQuery(req, spec.filters);
    spec.checkFilter?.(q.filter);
    const page = await spec.store.list({ offset: q.offset, limit: q.limit, filter: q.filter as F });
    const link = pageLinks(req, page);
    if (link) res.set('Link', link);
    res.json({ items: page.items.map(dto), total: page.total, offset: page.offset, limit: page.limit });
  };
  const create = async (req: Request, res: Response) => {
    const body = spec.validator.validate<Record<string, unknown>>(spec.inputSchema, req.body);
    const given = spec.fromBody(body, typeof body.id === 'string' ? body.id : spec.ids.next());
    const resource = (await spec.check?.(given)) ?? given;
    const warned = await warningsOf(spec, resource);
    const created = await spec.store.create(resource);
    res
      .status(201)
      .set('Location', `${spec.base}/${encodeURIComponent(created.id)}`)
      .set('ETag', etag(created))
      .json({ id: created.id, version: created.version, ...warned });
  };
  const get = async (req: Request, res: Response) => {
    const found = await spec.store.getById(String(req.params.id));
    res.set('ETag', etag(found)).json(dto(found));
  };
  const replace = async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const body = spec.validator.validate<Record<string, unknown>>(spec.inputSchema, req.body);
    if (typeof body.id === 'string' && body.id !== id) {
      throw new ConnectorError('VALIDATION_FAILED', {
        detail: `the body id '${body.id}' differs from the path id '${id}'`,
        violations: [{ pointer: '/id', message: 'must equal the id in the path' }],
      });
    }
    const expected = parseIfMatch(req.get('if-match'));
    const current = await spec.store.getById(id);
    refuseIfNoneMatch(req.get('if-none-match'));
    let resource = spec.fromBody(body, id);
    if (spec.merge) resource = spec.merge(resource, current);
    resource = (await spec.check?.(resource)) ?? resource;
    const warned = await warningsOf(spec, resource);
    const saved = await spec.store.replace(resource, expected ?? current.version);
    res.set('ETag', etag(saved)).json({ ...dto(saved), ...warned });
  };
  const remove = async (req: Request, res: Response) => {
    await spec.store.delete(String(req.params.id), parseIfMatch(req.get('if-match')));
    res.status(204).end();
  };
  return [
    { method: 'get', path: spec.base, handler: list, query: true },
    { method: 'post', path: spec.base, handler: create, body: true },
    { method: 'get', path: item, handler: get },
    { method: 'put', path: item, handler: replace, body: true, preconditions: ['If-Match', 'If-None-Match'] },
    { method: 'delete', path: item, handler: remove, preconditions: ['If-Match'] },
  ];
}

/** A PUT replaces only what exists: `If-None-Match: *` (create only) never holds (409); another value is not supported. */
function refuseIfNoneMatch(header: string | undefined): void {
  if (header === undefined) return;
  if (header.trim() === '*') throw new ConnectorError('VERSION_CONFLICT', { detail: 'the resource exists (If-None-Match: *): a PUT only replaces, use POST to create' });
  throw new ConnectorError('VALIDATION_FAILED', { detail: 'If-None-Match on a PUT takes only *', violations: [{ pointer: 'If-None-Match', message: 'must be *' }] });
}

/**
 * The version an `If-Match` asks for (a stale one makes the write a VERSION_CONFLICT); undefined when absent or `*`.
 * If-Match compares strongly (RFC 9110 §13.1.1): a weak ETag (`W/"v2"`) never matches, so the write is refused as a
 * stale one is (VERSION_CONFLICT), never made.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^(W\/)?"v(\d{1,9})"$/.exec(header.trim());
  if (!match)
    throw new ConnectorError('VALIDATION_FAILED', {
      detail: 'If-Match must be an ETag of the form "v<version>"',
      violations: [{ pointer: 'If-Match', message: 'must look like "v3"' }],
    });
  if (match[1]) throw new ConnectorError('VERSION_CONFLICT', { detail: `a weak ETag never matches If-Match (strong comparison): send the ETag as given, "v${match[2]}"` });
  return Number(match[2]);
}
