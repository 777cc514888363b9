import type { Request, Response } from 'express';
import type { AgreementStore } from '../../negotiation/index.js';
import type { negotiationService } from '../../negotiation/index.js';
import type { RouteDef } from '../../http/route-def.js';
import { readBody, sendEdc } from './edc-http.js';
import { agreementToEdc, negotiationToEdc } from './edc-negotiation-view.js';
import { applyQuery, listAll, querySpecFromEdc } from './edc-query-spec.js';
import { edcLocal } from './edc-vocabulary.js';

const BASE = '/management/v3/contractagreements';
/** The fields of agreementToEdc a QuerySpec may sort on, besides `id`. */
const SORTABLE = { fields: ['assetId', 'contractSigningDate', 'consumerId', 'providerId', 'status', 'createdAt'] };

/** Contract agreements: read, QuerySpec, and the negotiation an agreement came from. */
export function edcAgreementRoutes(deps: { agreements: AgreementStore; negotiations: ReturnType<typeof negotiationService> }): RouteDef[] {
  const id = (req: Request) => String(req.params.id);
  const query = async (req: Request, res: Response) => {
    const q = querySpecFromEdc(await readBody(req, true), edcLocal);
    const all = await listAll((offset, limit) => deps.agreements.list({ offset, limit }));
    sendEdc(
      res,
      applyQuery(
        all.map((a) => ({ item: a, id: a.id, fields: agreementToEdc(a) })),
        q,
        SORTABLE,
      ).map(agreementToEdc),
    );
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
