import type { Request, Response } from 'express';
import type { AssetCriterion } from '../../../catalog/index.js';
import type { AgreementStore } from '../../negotiation/index.js';
import type { TransferProcess, TransferState, transferService } from '../../transfer/index.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';
import { idResponse, readBody, requireBody, sendEdc } from './edc-http.js';
import { runQuery } from './edc-query-run.js';
import { findWith, type QuerySource, someValues } from './edc-query-source.js';
import { querySpecFromEdc } from './edc-query-spec.js';
import { transferInput } from './edc-transfer-input.js';
import { transferToEdc } from './edc-transfer-view.js';
import { edcLocal } from './edc-vocabulary.js';

type Service = ReturnType<typeof transferService>;
const BASE = '/management/v3/transferprocesses';
/** The fields of transferToEdc a QuerySpec may sort on, besides `id`; a filter may also name dataDestination's. */
const SORTABLE = {
  fields: [
    'type',
    'protocol',
    'state',
    'stateTimestamp',
    'assetId',
    'contractId',
    'transferType',
    'counterPartyId',
    'counterPartyAddress',
    'correlationId',
    'errorDetail',
    'createdAt',
  ],
  paths: ['dataDestination.type', 'dataDestination.baseUrl'],
};

/** `state = …` and `state in […]` as the store's own state filter. */
const byState = (c: AssetCriterion) => {
  const states = c.operandLeft === 'state' ? someValues(c) : undefined;
  return states ? { states: states as TransferState[] } : undefined;
};

/** Where a QuerySpec on transfer processes reads them: the store's listing, narrowed by state. */
export function transferQuerySource(service: Service): QuerySource<TransferProcess, { states: TransferState[] }> {
  return {
    page: (offset, limit, narrowing) => service.list({ offset, limit, ...narrowing }),
    findById: findWith(service.get),
    queryable: (t) => ({ item: t, id: t.id, fields: transferToEdc(t) }),
    sortable: SORTABLE,
    narrow: byState,
    narrowedBy: ['id', 'state'],
  };
}

/** Transfer processes: start (consumer), read, state, terminate, suspend, resume, QuerySpec: Kontor's transfer service. */
export function edcTransferRoutes(deps: { service: Service; agreements: AgreementStore; validator: RequestValidator }): RouteDef[] {
  const id = (req: Request) => String(req.params.id);
  const start = async (req: Request, res: Response) => {
    const t = await deps.service.initiate(await transferInput(await requireBody(req), deps));
    sendEdc(res, idResponse(t.id, t.createdAt));
  };
  const query = async (req: Request, res: Response) => {
    const q = querySpecFromEdc(await readBody(req, true), edcLocal);
    const found = await runQuery(transferQuerySource(deps.service), q);
    sendEdc(res, found.map(transferToEdc));
  };
  /** The optional `reason` of EDC's TerminateTransfer / SuspendTransfer bodies. */
  const reason = async (req: Request, type: string, fallback: string) => {
    const node = await readBody(req, true);
    node?.expectType(type);
    node?.pathId(id(req));
    const text = node?.string('reason');
    node?.finish();
    return text ?? fallback;
  };
  return [
    { method: 'post', path: BASE, handler: start, body: true },
    { method: 'post', path: `${BASE}/request`, handler: query, body: true },
    { method: 'get', path: `${BASE}/{id}`, handler: async (req, res) => sendEdc(res, transferToEdc(await deps.service.get(id(req)))) },
    { method: 'get', path: `${BASE}/{id}/state`, handler: async (req, res) => sendEdc(res, { '@type': 'TransferState', state: (await deps.service.get(id(req))).state }) },
    {
      method: 'post',
      path: `${BASE}/{id}/terminate`,
      body: true,
      handler: async (req, res) => {
        await deps.service.terminate(id(req), await reason(req, 'TerminateTransfer', 'terminated through the EDC v3 API'));
        res.status(204).end();
      },
    },
    {
      method: 'post',
      path: `${BASE}/{id}/suspend`,
      body: true,
      handler: async (req, res) => {
        await deps.service.suspend(id(req), await reason(req, 'SuspendTransfer', 'suspended through the EDC v3 API'));
        res.status(204).end();
      },
    },
    {
      method: 'post',
      path: `${BASE}/{id}/resume`,
      body: true,
      handler: async (req, res) => {
        // A resume has nothing to say but its type: a reason would be read nowhere, so it is refused with any other field.
        const node = await readBody(req, true);
        node?.expectType('ResumeTransfer');
        node?.pathId(id(req));
        node?.finish();
        await deps.service.resume(id(req));
        res.status(204).end();
      },
    },
  ];
}
