import type { Request, Response } from 'express';
import type { AssetCriterion } from '../../../catalog/index.js';
import type { AgreementStore, ContractAgreement } from '../../negotiation/index.js';
import type { negotiationService } from '../../negotiation/index.js';
import type { RouteDef } from '../../http/route-def.js';
import { readBody, sendEdc } from './edc-http.js';
import { agreementToEdc, negotiationToEdc } from './edc-negotiation-view.js';
import { runQuery } from './edc-query-run.js';
import { type QuerySource, singleValue } from './edc-query-source.js';
import { querySpecFromEdc } from './edc-query-spec.js';
import { edcLocal } from './edc-vocabulary.js';

const BASE = '/management/v3/contractagreements';
/** The fields of agreementToEdc a QuerySpec may sort on, besides `id`. */
const SORTABLE = { fields: ['assetId', 'contractSigningDate', 'consumerId', 'providerId', 'status', 'createdAt'] };

/** `assetId = …` as the store's own asset filter (which reads an empty value as none: that one is applied in memory). */
const byAsset = (c: AssetCriterion) => {
  const assetId = c.operandLeft === 'assetId' ? singleValue(c) : undefined;
  return assetId ? { assetId } : undefined;
};

/** Where a QuerySpec on agreements reads them: the store's listing, narrowed by asset. */
export function agreementQuerySource(agreements: AgreementStore): QuerySource<ContractAgreement, { assetId: string }> {
  return {
    page: (offset, limit, narrowing) => agreements.list({ offset, limit, ...narrowing }),
    findById: (agreementId) => agreements.findById(agreementId),
    queryable: (a) => ({ item: a, id: a.id, fields: agreementToEdc(a) }),
    sortable: SORTABLE,
    narrow: byAsset,
    narrowedBy: ['id', 'assetId'],
  };
}

/** Contract agreements: read, QuerySpec, and the negotiation an agreement came from. */
export function edcAgreementRoutes(deps: { agreements: AgreementStore; negotiations: ReturnType<typeof negotiationService> }): RouteDef[] {
  const id = (req: Request) => String(req.params.id);
  const query = async (req: Request, res: Response) => {
    const q = querySpecFromEdc(await readBody(req, true), edcLocal);
    const found = await runQuery(agreementQuerySource(deps.agreements), q);
    sendEdc(res, found.map(agreementToEdc));
  };
  return [
    { method: 'post', path: `${BASE}/request`, handler: query, body: true },
    { method: 'get', path: `${BASE}/{id}`, handler: async (req, res) => sendEdc(res, agreementToEdc(await deps.agreements.getById(id(req)))) },
    {
      method: 'get',
      path: `${BASE}/{id}/negotiation`,
      handler: async (req, res) => sendEdc(res, negotiationToEdc(await deps.negotiations.get((await deps.agreements.getById(id(req))).negotiationId))),
    },
  ];
}
