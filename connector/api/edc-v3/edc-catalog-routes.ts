import type { Request, Response } from 'express';
import type { DcatCatalog, DcatDataset } from '../../../catalog/index.js';
import { ConnectorError, validationError } from '../../../core/index.js';
import type { CatalogRequester, CatalogRequestInput } from '../../offers/index.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';
import { catalogToEdc } from './edc-catalog-view.js';
import { requireBody, sendEdc } from './edc-http.js';
import type { EdcNode } from './edc-node.js';
import { querySpecFromEdc } from './edc-query-spec.js';
import { edcLocal } from './edc-vocabulary.js';
import { counterParty } from './edc-counter-party.js';

/** EDC's CatalogRequest as Kontor's catalog request input (same schema as /api/v1/catalog/request). */
function catalogInput(node: EdcNode, validator: RequestValidator): CatalogRequestInput {
  node.expectType('CatalogRequest');
  const party = counterParty(node);
  const query = querySpecFromEdc(node.node('querySpec'), edcLocal);
  const unsupported = 'filtering and sorting a remote catalog is not supported; page with offset and limit';
  if (query.filter.length > 0) throw validationError([{ pointer: '/querySpec/filterExpression', message: unsupported }]);
  if (query.sortField) throw validationError([{ pointer: '/querySpec/sortField', message: unsupported }]);
  if ((node.values('additionalScopes') ?? []).length > 0)
    throw validationError([{ pointer: '/additionalScopes', message: 'is not supported: Kontor asks for the scopes its identity configuration names' }]);
  return validator.validate<CatalogRequestInput>('CatalogRequestInput', { ...party, page: { offset: query.offset, limit: query.limit } });
}

/** `catalog/request` (a page of a peer's catalog) and `catalog/dataset/request` (one dataset), through Kontor's requester. */
export function edcCatalogRoutes(deps: { requester: CatalogRequester; validator: RequestValidator }): RouteDef[] {
  const catalog = async (req: Request, res: Response) => {
    const node = await requireBody(req);
    const input = catalogInput(node, deps.validator);
    node.finish();
    const result = await deps.requester.request(input);
    sendEdc(res, catalogToEdc(result.catalog) as Record<string, unknown>);
  };
  const dataset = async (req: Request, res: Response) => {
    const node = await requireBody(req);
    node.expectType('DatasetRequest');
    const id = node.id;
    if (!id) throw validationError([{ pointer: '/@id', message: 'is required: the id of the dataset' }]);
    const input = deps.validator.validate<CatalogRequestInput>('CatalogRequestInput', counterParty(node));
    node.finish();
    const found = await findDataset(deps.requester, input, id);
    sendEdc(res, catalogToEdc(found) as Record<string, unknown>);
  };
  return [
    { method: 'post', path: '/management/v3/catalog/request', handler: catalog, body: true },
    { method: 'post', path: '/management/v3/catalog/dataset/request', handler: dataset, body: true },
  ];
}

async function findDataset(requester: CatalogRequester, input: CatalogRequestInput, id: string): Promise<DcatDataset> {
  let page: { catalog: DcatCatalog; next?: string } = await requester.request(input);
  for (;;) {
    const hit = page.catalog.dataset?.find((d) => d['@id'] === id);
    if (hit) return hit;
    if (!page.next) throw new ConnectorError('NOT_FOUND', { detail: `the counter party offers no dataset '${id}' to us` });
    page = await requester.request({ ...input, pageUrl: page.next });
  }
}
