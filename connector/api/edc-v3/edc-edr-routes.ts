import type { Request, Response } from 'express';
import { ConnectorError, type Violation } from '../../../core/index.js';
import { HTTP_ENDPOINT_TYPE } from '../../transfer/index.js';
import type { transferEdr } from '../../transfer/index.js';
import type { transferService } from '../../transfer/index.js';
import type { RouteDef } from '../../http/route-def.js';
import { readBody, sendEdc } from './edc-http.js';
import { runQuery } from './edc-query-run.js';
import { findWith, type QuerySource } from './edc-query-source.js';
import { querySpecFromEdc } from './edc-query-spec.js';
import { edcLocal } from './edc-vocabulary.js';
import type { TransferProcess } from '../../transfer/index.js';

const BASE = '/management/v3/edrs';
/** The fields of an entry a QuerySpec may sort on, besides `id`. */
const SORTABLE = { fields: ['transferProcessId', 'agreementId', 'assetId', 'providerId', 'createdAt'] };

const entry = (t: TransferProcess) => ({
  '@id': t.id,
  '@type': 'EndpointDataReferenceEntry',
  transferProcessId: t.id,
  agreementId: t.agreementId,
  assetId: t.assetId,
  providerId: t.counterPartyId,
  createdAt: t.createdAt,
});

/** Where a QuerySpec on EDR entries reads them: the started transfers, of which it keeps the consumer's pulls. */
export function edrQuerySource(service: ReturnType<typeof transferService>): QuerySource<TransferProcess, object> {
  return {
    page: (offset, limit) => service.list({ states: ['STARTED'], offset, limit }),
    findById: findWith(service.get),
    queryable: (t) => ({ item: t, id: t.id, fields: entry(t) }),
    sortable: SORTABLE,
    narrowedBy: ['id'],
    // A look-up by id finds transfers in any state: the listing holds started ones only.
    keep: (t) => t.state === 'STARTED' && t.role === 'consumer' && t.transferType === 'HttpData-PULL' && t.edr !== undefined,
  };
}

/**
 * EDRs, consumer side: the entries (one per started pull transfer) and the data address of one. Kontor refreshes a
 * token that is about to expire before it answers, which is EDC's `auto_refresh=true`; `auto_refresh=false` is
 * refused rather than ignored. The client sends `authorization` as the whole Authorization header value.
 */
export function edcEdrRoutes(deps: { service: ReturnType<typeof transferService>; edr: ReturnType<typeof transferEdr> }): RouteDef[] {
  const query = async (req: Request, res: Response) => {
    const q = querySpecFromEdc(await readBody(req, true), edcLocal);
    const found = await runQuery(edrQuerySource(deps.service), q);
    sendEdc(res, found.map(entry));
  };
  const dataAddress = async (req: Request, res: Response) => {
    const problems: Violation[] = Object.entries(req.query).flatMap(([name, value]) =>
      name === 'auto_refresh' && value === 'true'
        ? []
        : [
            {
              pointer: `?${name}`,
              message:
                name === 'auto_refresh'
                  ? 'only auto_refresh=true is supported (Kontor always refreshes a token about to expire), given once'
                  : 'unknown parameter (allowed: auto_refresh)',
            },
          ],
    );
    if (problems.length > 0) throw new ConnectorError('INVALID_QUERY', { detail: problems.map((p) => `${p.pointer}: ${p.message}`).join('; '), violations: problems });
    const e = await deps.edr(String(req.params.id));
    res.set('cache-control', 'no-store');
    sendEdc(res, {
      '@type': 'DataAddress',
      type: HTTP_ENDPOINT_TYPE,
      endpointType: HTTP_ENDPOINT_TYPE,
      endpoint: e.endpoint,
      authType: e.authType,
      authorization: e.token,
      ...(e.expiresAt ? { expiresAt: e.expiresAt } : {}),
    });
  };
  return [
    { method: 'post', path: `${BASE}/request`, handler: query, body: true },
    // The handler checks its own query (auto_refresh), so the route is marked to take one.
    { method: 'get', path: `${BASE}/{id}/dataaddress`, handler: dataAddress, query: true },
  ];
}
