import type { Request, Response } from 'express';
import { ConnectorError, toIso } from '../../../core/index.js';
import type { TransferProcess } from '../../transfer/index.js';
import type { transferEdr } from '../../transfer/index.js';
import type { InitiateTransfer, transferService } from '../../transfer/index.js';
import { TRANSFER_STATES, type TransferState } from '../../transfer/index.js';
import { wireState } from '../../transfer/index.js';
import { optionalBody } from '../../http/json-body.js';
import { parseListQuery } from '../../http/list-query.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';
import { shownDestination } from './transfer-destination-view.js';
import { checkTransferInput } from './transfer-input-checks.js';

type Service = ReturnType<typeof transferService>;

export function transferDto(t: TransferProcess): Record<string, unknown> {
  return {
    id: t.id,
    role: t.role,
    state: t.state,
    protocolState: wireState(t),
    transferType: t.transferType,
    consumerPid: t.consumerPid,
    providerPid: t.providerPid ?? null,
    counterPartyId: t.counterPartyId,
    counterPartyAddress: t.counterPartyAddress,
    agreementId: t.agreementId,
    assetId: t.assetId,
    purpose: t.purpose ?? null,
    useNumber: t.useNumber ?? null,
    hasEdr: t.edr !== undefined,
    dataDestination: t.dataDestination?.endpoint ? shownDestination(t.dataDestination.endpoint) : null,
    errorDetail: t.errorDetail ?? null,
    terminationReason: t.terminationReason ?? null,
    history: t.history.map((h) => ({ state: h.state, at: toIso(h.at), cause: h.cause })),
    createdAt: toIso(t.createdAt),
    updatedAt: toIso(t.updatedAt),
  };
}

/** Management routes for transfers: start (consumer), read, list by state, suspend, resume, complete, terminate, EDR. */
export function transfersRoutes(deps: { service: Service; edr: ReturnType<typeof transferEdr>; validator: RequestValidator }): RouteDef[] {
  const start = async (req: Request, res: Response) => {
    const t = await deps.service.initiate(checkTransferInput(deps.validator.validate<InitiateTransfer>('TransferInput', req.body)));
    res
      .status(201)
      .set('Location', `/api/v1/transfers/${encodeURIComponent(t.id)}`)
      .json({ id: t.id });
  };
  const list = async (req: Request, res: Response) => {
    const q = parseListQuery(req, ['state']);
    const states = q.filter.state?.split(',').map((s) => s.trim().toUpperCase());
    if (states?.some((s) => !(TRANSFER_STATES as readonly string[]).includes(s))) {
      throw new ConnectorError('INVALID_QUERY', { detail: `state must be one of ${TRANSFER_STATES.join(', ')}`, violations: [{ pointer: '?state', message: 'unknown state' }] });
    }
    const page = await deps.service.list({ ...(states ? { states: states as TransferState[] } : {}), offset: q.offset, limit: q.limit });
    res.json({ items: page.items.map(transferDto), total: page.total, offset: q.offset, limit: q.limit });
  };
  const id = (req: Request) => String(req.params.id);
  const reason = (req: Request) => deps.validator.validate<{ reason?: string }>('ReasonInput', optionalBody(req)).reason;
  const edr = async (req: Request, res: Response) => {
    const e = await deps.edr(id(req));
    res
      .set('cache-control', 'no-store')
      .json({ endpoint: e.endpoint, token: e.token ?? null, authType: e.authType, expiresAt: e.expiresAt === undefined ? null : toIso(e.expiresAt) });
  };
  return [
    { method: 'post', path: '/api/v1/transfers', handler: start, body: true },
    { method: 'get', path: '/api/v1/transfers', handler: list, query: true },
    { method: 'get', path: '/api/v1/transfers/{id}', handler: async (req, res) => void res.json(transferDto(await deps.service.get(id(req)))) },
    { method: 'get', path: '/api/v1/transfers/{id}/edr', handler: edr },
    {
      method: 'post',
      path: '/api/v1/transfers/{id}/suspend',
      body: true,
      handler: async (req, res) => void res.json(transferDto(await deps.service.suspend(id(req), reason(req) ?? 'suspended by the operator'))),
    },
    { method: 'post', path: '/api/v1/transfers/{id}/resume', handler: async (req, res) => void res.json(transferDto(await deps.service.resume(id(req)))) },
    { method: 'post', path: '/api/v1/transfers/{id}/complete', handler: async (req, res) => void res.json(transferDto(await deps.service.complete(id(req)))) },
    {
      method: 'post',
      path: '/api/v1/transfers/{id}/terminate',
      body: true,
      handler: async (req, res) => void res.json(transferDto(await deps.service.terminate(id(req), reason(req) ?? 'terminated by the operator'))),
    },
  ];
}
