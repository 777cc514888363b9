import type { Request, Response } from 'express';
import type { AssetCriterion } from '../../../catalog/index.js';
import { ConnectorError, validationError } from '../../../core/index.js';
import type { AgreementStore, ContractNegotiation, NegotiationState } from '../../negotiation/index.js';
import type { negotiationService } from '../../negotiation/index.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';
import { offerWithTarget } from '../routes/negotiation-offer-target.js';
import { refuseCallbacks } from './edc-callbacks.js';
import { counterParty } from './edc-counter-party.js';
import { idResponse, readBody, requireBody, sendEdc } from './edc-http.js';
import { agreementToEdc, negotiationToEdc } from './edc-negotiation-view.js';
import type { EdcNode } from './edc-node.js';
import { policyFromEdc } from './edc-policy.js';
import { runQuery } from './edc-query-run.js';
import { findWith, type QuerySource, someValues } from './edc-query-source.js';
import { querySpecFromEdc } from './edc-query-spec.js';
import { edcLocal } from './edc-vocabulary.js';

type Service = ReturnType<typeof negotiationService>;
/** A ContractRequest holds the offer at `policy`: a missing target is named there, in EDC's terms. */
const V3_OFFER_TARGET = { pointer: '/policy/target', remedy: "add the @id of the dataset whose hasPolicy lists the offer as the policy's odrl:target" };
const BASE = '/management/v3/contractnegotiations';
/** The fields of negotiationToEdc a QuerySpec may sort on, besides `id`. */
const SORTABLE = { fields: ['type', 'protocol', 'state', 'counterPartyId', 'counterPartyAddress', 'contractAgreementId', 'errorDetail', 'createdAt'] };

/** `state = …` and `state in […]` as the store's own state filter. */
const byState = (c: AssetCriterion) => {
  const states = c.operandLeft === 'state' ? someValues(c) : undefined;
  return states ? { states: states as NegotiationState[] } : undefined;
};

/**
 * EDC's ContractRequest as Kontor's negotiation input (the offer is the body's `policy`, translated like any policy).
 * An offer copied from the catalog has no `target`: it is derived from a Kontor offer id as on /api/v1/negotiations.
 */
async function negotiationInput(node: EdcNode, validator: RequestValidator) {
  node.expectType('ContractRequest');
  const party = counterParty(node);
  const policy = node.node('policy');
  if (!policy) throw validationError([{ pointer: '/policy', message: 'is required: the offer from the catalog' }]);
  refuseCallbacks(node);
  node.finish();
  const offer = offerWithTarget(await policyFromEdc(policy), V3_OFFER_TARGET);
  const input = validator.validate<{ counterPartyAddress: string; counterPartyId: string; offer: Record<string, unknown> }>('NegotiationInput', { ...party, offer });
  // As an EDC consumer does: the terms requested, or a termination; never an agreement on a provider's other terms.
  return { ...input, refuseCounterOffers: true };
}

/** Where a QuerySpec on negotiations reads them: the store's listing, narrowed by state. */
export function negotiationQuerySource(service: Service): QuerySource<ContractNegotiation, { states: NegotiationState[] }> {
  return {
    page: (offset, limit, narrowing) => service.list({ offset, limit, ...narrowing }),
    findById: findWith(service.get),
    queryable: (n) => ({ item: n, id: n.id, fields: negotiationToEdc(n) }),
    sortable: SORTABLE,
    narrow: byState,
    narrowedBy: ['id', 'state'],
  };
}

/** Contract negotiations: start (consumer), read, state, terminate, agreement, QuerySpec. */
export function edcNegotiationRoutes(deps: { service: Service; agreements: AgreementStore; validator: RequestValidator }): RouteDef[] {
  const id = (req: Request) => String(req.params.id);
  const start = async (req: Request, res: Response) => {
    const n = await deps.service.initiate(await negotiationInput(await requireBody(req), deps.validator));
    sendEdc(res, idResponse(n.id, n.createdAt));
  };
  const query = async (req: Request, res: Response) => {
    const q = querySpecFromEdc(await readBody(req, true), edcLocal);
    const found = await runQuery(negotiationQuerySource(deps.service), q);
    sendEdc(res, found.map(negotiationToEdc));
  };
  const terminate = async (req: Request, res: Response) => {
    const node = await readBody(req, true);
    node?.expectType('TerminateNegotiation');
    node?.pathId(id(req));
    const reason = node?.string('reason');
    node?.finish();
    await deps.service.terminate(id(req), reason ?? 'terminated through the EDC v3 API');
    res.status(204).end();
  };
  const agreement = async (req: Request, res: Response) => {
    const n = await deps.service.get(id(req));
    if (!n.agreementId) throw new ConnectorError('NOT_FOUND', { detail: `negotiation '${n.id}' has no agreement (it is ${n.state})` });
    sendEdc(res, agreementToEdc(await deps.agreements.getById(n.agreementId)));
  };
  return [
    { method: 'post', path: BASE, handler: start, body: true },
    { method: 'post', path: `${BASE}/request`, handler: query, body: true },
    { method: 'get', path: `${BASE}/{id}`, handler: async (req, res) => sendEdc(res, negotiationToEdc(await deps.service.get(id(req)))) },
    { method: 'get', path: `${BASE}/{id}/state`, handler: async (req, res) => sendEdc(res, { '@type': 'NegotiationState', state: (await deps.service.get(id(req))).state }) },
    { method: 'post', path: `${BASE}/{id}/terminate`, handler: terminate, body: true },
    { method: 'get', path: `${BASE}/{id}/agreement`, handler: agreement },
  ];
}
