import type { Request, Response } from 'express';
import { ConnectorError, toIso, validationError } from '../../../core/index.js';
import type { ContractNegotiation } from '../../negotiation/index.js';
import { NEGOTIATION_STATES, type NegotiationState } from '../../negotiation/index.js';
import { wireState } from '../../negotiation/index.js';
import type { CounterTerms, negotiationService } from '../../negotiation/index.js';
import { optionalBody } from '../../http/json-body.js';
import { parseListQuery } from '../../http/list-query.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';
import { offerWithTarget } from './negotiation-offer-target.js';
import { dspBaseUrlProblem } from './transfer-input-checks.js';

type Service = ReturnType<typeof negotiationService>;

/** `stale`: for a provider negotiation waiting for approval, why its offer no longer resolves (service.staleOffer). */
export function negotiationDto(n: ContractNegotiation, stale?: { reason: string; currentOfferId?: string }): Record<string, unknown> {
  return {
    id: n.id,
    role: n.role,
    state: n.state,
    protocolState: wireState(n),
    pending: n.pending,
    consumerPid: n.consumerPid,
    providerPid: n.providerPid ?? null,
    counterPartyId: n.counterPartyId,
    counterPartyAddress: n.counterPartyAddress,
    offer: n.offer,
    assetId: n.assetId ?? (typeof n.offer.target === 'string' ? n.offer.target : null),
    agreementId: n.agreementId ?? null,
    errorDetail: n.errorDetail ?? null,
    terminationReason: n.terminationReason ?? null,
    staleOffer: stale ? { reason: stale.reason, currentOfferId: stale.currentOfferId ?? null } : null,
    history: n.history.map((h) => ({ state: h.state, at: toIso(h.at), cause: h.cause })),
    createdAt: toIso(n.createdAt),
    updatedAt: toIso(n.updatedAt),
  };
}

/** Management routes for negotiations: start, read, list by state, terminate, approve / reject / counter-offer (manual approval), accept. */
export function negotiationsRoutes(deps: {
  service: Service;
  validator: RequestValidator;
  resolveOffer: (input: { counterPartyAddress: string; counterPartyId: string; offerId?: string; offer?: Record<string, unknown> }) => Promise<Record<string, unknown>>;
}): RouteDef[] {
  const start = async (req: Request, res: Response) => {
    const body = deps.validator.validate<{ counterPartyAddress: string; counterPartyId: string; offerId?: string; offer?: Record<string, unknown>; acceptCounterOffers?: boolean }>(
      'NegotiationInput',
      req.body,
    );
    const addressProblem = dspBaseUrlProblem(body.counterPartyAddress);
    if (addressProblem) throw validationError([{ pointer: '/counterPartyAddress', message: addressProblem }]);
    const offer = await deps.resolveOffer(body.offer ? { ...body, offer: offerWithTarget(body.offer) } : body);
    const n = await deps.service.initiate({
      counterPartyAddress: body.counterPartyAddress,
      counterPartyId: body.counterPartyId,
      offer,
      ...(body.acceptCounterOffers === false ? { acceptCounterOffers: false } : {}),
    });
    res
      .status(201)
      .set('Location', `/api/v1/negotiations/${encodeURIComponent(n.id)}`)
      .json({ id: n.id });
  };
  const list = async (req: Request, res: Response) => {
    const q = parseListQuery(req, ['state']);
    const states = q.filter.state?.split(',').map((s) => s.trim().toUpperCase());
    if (states?.some((s) => !(NEGOTIATION_STATES as readonly string[]).includes(s))) {
      throw new ConnectorError('INVALID_QUERY', { detail: `state must be one of ${NEGOTIATION_STATES.join(', ')}`, violations: [{ pointer: '?state', message: 'unknown state' }] });
    }
    const page = await deps.service.list({ ...(states ? { states: states as NegotiationState[] } : {}), offset: q.offset, limit: q.limit });
    const items = await Promise.all(page.items.map(async (n) => negotiationDto(n, await deps.service.staleOffer(n))));
    res.json({ items, total: page.total, offset: q.offset, limit: q.limit });
  };
  const read = async (n: ContractNegotiation) => negotiationDto(n, await deps.service.staleOffer(n));
  const reason = (req: Request) => deps.validator.validate<{ reason?: string }>('ReasonInput', optionalBody(req)).reason;
  return [
    { method: 'post', path: '/api/v1/negotiations', handler: start, body: true },
    { method: 'get', path: '/api/v1/negotiations', handler: list, query: true },
    { method: 'get', path: '/api/v1/negotiations/{id}', handler: async (req, res) => void res.json(await read(await deps.service.get(String(req.params.id)))) },
    {
      method: 'post',
      path: '/api/v1/negotiations/{id}/terminate',
      body: true,
      handler: async (req, res) => void res.json(negotiationDto(await deps.service.terminate(String(req.params.id), reason(req) ?? 'terminated by the operator'))),
    },
    { method: 'post', path: '/api/v1/negotiations/{id}/approve', handler: async (req, res) => void res.json(negotiationDto(await deps.service.approve(String(req.params.id)))) },
    {
      method: 'post',
      path: '/api/v1/negotiations/{id}/counter-offer',
      body: true,
      handler: async (req, res) =>
        void res.json(negotiationDto(await deps.service.counterOffer(String(req.params.id), deps.validator.validate<CounterTerms>('CounterOfferInput', req.body)))),
    },
    { method: 'post', path: '/api/v1/negotiations/{id}/accept', handler: async (req, res) => void res.json(negotiationDto(await deps.service.accept(String(req.params.id)))) },
    {
      method: 'post',
      path: '/api/v1/negotiations/{id}/reject',
      body: true,
      handler: async (req, res) => void res.json(negotiationDto(await deps.service.reject(String(req.params.id), reason(req) ?? 'rejected by the operator'))),
    },
  ];
}
