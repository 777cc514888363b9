import { ConnectorError } from '../../core/index.js';
import { agreementGate, type AgreementDecisionRecord } from './agreement-gate.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import type { NegotiationDeps } from './negotiation-deps.js';
import type { NegotiationState } from './negotiation-state.js';
import { moveNegotiation } from './move-negotiation.js';
import { checkNegotiationMessage } from './negotiation-message-checks.js';
import { negotiationMessages } from './negotiation-messages.js';
import { updateNegotiation } from './negotiation-updater.js';
import { handOff, saveForLoop } from '../statemachine/hand-off.js';
import { newEntity } from '../statemachine/new-entity.js';
import { operatorTerminationProblem } from './operator-termination.js';
import { checkOfferAssigner } from './offer-assigner.js';
import { whyUnavailable, type OfferUnavailable } from './offer-resolver.js';
import { approvalRefusalAuditEntry } from './negotiation-audit.js';

export interface InitiateNegotiation {
  counterPartyAddress: string;
  counterPartyId: string;
  /** The ODRL offer from the provider's catalog (`@id`, `target`, rules). */
  offer: Record<string, unknown>;
  /** Accept a provider's counter-offer for the same dataset at once (default), or wait for accept / counter-offer. */
  acceptCounterOffers?: boolean;
  /** End the negotiation on a provider's counter-offer instead (ContractNegotiation.refuseCounterOffers). */
  refuseCounterOffers?: boolean;
}

/** New terms from an operator: the rules only; the offer's identity and target stay the negotiation's. */
export type CounterTerms = { permission?: unknown; prohibition?: unknown; obligation?: unknown };

/** Management use-cases: start (consumer), terminate, approve or reject (provider, manual approval), read. */
export function negotiationService(deps: NegotiationDeps) {
  const gate = agreementGate(deps);
  const change = async (id: string, mutate: (n: ContractNegotiation) => ContractNegotiation) => {
    const { before, after, leased } = await updateNegotiation(deps.store, id, mutate, { leaseFor: deps.leaseFor });
    deps.onChanged?.(before, after);
    handOff(deps, after, leased);
    return after;
  };
  return {
    async initiate(input: InitiateNegotiation): Promise<ContractNegotiation> {
      await deps.standing?.(input.counterPartyId);
      // Refused now, with nothing stored, rather than a negotiation that ends TERMINATED at its first send.
      deps.outbound.checkUrl(input.counterPartyAddress);
      checkNegotiationMessage('ContractRequestMessage', negotiationMessages.request({ consumerPid: 'urn:kontor:check', offer: input.offer, callbackAddress: deps.dspBaseUrl }));
      checkOfferAssigner(input.offer, input.counterPartyId);
      const target = input.offer.target;
      if (typeof target !== 'string')
        throw new ConnectorError('VALIDATION_FAILED', { detail: "the offer names no dataset (its 'target')", violations: [{ pointer: '/offer/target', message: 'is required' }] });
      const now = deps.clock.now();
      const id = `urn:uuid:${deps.ids.next()}`;
      const created: ContractNegotiation = {
        id,
        role: 'consumer',
        ...newEntity('INITIAL', now),
        consumerPid: id,
        counterPartyId: input.counterPartyId,
        counterPartyAddress: input.counterPartyAddress.replace(/\/+$/, ''),
        offer: input.offer,
        assetId: target,
        handledMessages: [],
        history: [],
        ...(input.acceptCounterOffers === false ? { acceptCounterOffers: false } : {}),
        ...(input.refuseCounterOffers === true ? { refuseCounterOffers: true } : {}),
      };
      // Marked as out from the start (no save of its own before the send): the provider learns our consumerPid only
      // from this request, so an offer or agreement that names it proves the request went out (negotiation-sender.ts).
      const requesting = { ...moveNegotiation(created, 'REQUESTING', 'started through the management API', deps.clock), messageOut: true };
      const { saved, leased } = await saveForLoop(deps.store, deps, requesting);
      deps.onChanged?.(undefined, saved);
      handOff(deps, saved, leased);
      return saved;
    },
    terminate: (id: string, reason: string) =>
      change(id, (n) => {
        const problem = operatorTerminationProblem(n);
        if (problem) throw new ConnectorError('INVALID_TRANSITION', { detail: problem });
        return { ...moveNegotiation({ ...n, pending: false }, 'TERMINATING', 'terminated through the management API', deps.clock), terminationReason: reason };
      }),
    /**
     * An operator's approval: the agreement gate decides once more, on the consumer's verified claims and the offer now.
     * A refusal changes nothing but is audited (who, which negotiation, why) before the operator is told.
     */
    async approve(id: string): Promise<ContractNegotiation> {
      const n = waiting(await deps.store.getById(id));
      const agent = n.consumerAgent;
      if (!agent) throw new ConnectorError('INVALID_TRANSITION', { detail: `negotiation '${id}' has no verified consumer on record` });
      const catalogId = n.catalogOfferId ?? String(n.offer['@id']);
      const resolved = await deps.offers.resolve(catalogId, agent);
      const unavailable = resolved ? undefined : (await whyUnavailable(deps.offers, catalogId, agent)).reason;
      let decision: AgreementDecisionRecord | undefined;
      let refused: { n: ContractNegotiation; reason: string } | undefined;
      const after = await change(id, (cur) => {
        const [next, d] = gate.apply(waiting(cur), { path: 'manual-approval', terms: cur.offer, resolved, ...(unavailable ? { unavailable } : {}), agent, approved: true });
        // An approval that cannot agree changes nothing: the operator decides what the consumer is told.
        if (d.outcome === 'deny') {
          refused = { n: cur, reason: d.reason };
          throw approvalRefused(cur, d.reason);
        }
        decision = d;
        return next;
      }).catch(async (error: unknown) => {
        if (refused) await deps.recordAudit(approvalRefusalAuditEntry(refused.n, refused.reason));
        throw error;
      });
      gate.report(decision);
      return after;
    },
    /** Provider, waiting for approval: why the offer the consumer asked for no longer resolves (computed now); undefined otherwise. */
    async staleOffer(n: ContractNegotiation): Promise<OfferUnavailable | undefined> {
      if (n.role !== 'provider' || !n.pending || !['REQUESTED', 'ACCEPTED'].includes(n.state) || !n.consumerAgent) return undefined;
      const catalogId = n.catalogOfferId ?? String(n.offer['@id']);
      if (deps.offers.explain) return deps.offers.explain(catalogId, n.consumerAgent);
      return (await deps.offers.resolve(catalogId, n.consumerAgent)) ? undefined : whyUnavailable(deps.offers, catalogId, n.consumerAgent);
    },
    /** Answers with new terms: a provider's operator instead of approve / reject, a consumer's operator to the provider's offer. */
    counterOffer: (id: string, terms: CounterTerms) => {
      // Terms no evaluator can read would become an agreement that fails closed at every transfer: refuse them now.
      deps.engine.parse({ '@type': 'Set', ...Object.fromEntries(Object.entries(terms).filter(([, v]) => v !== undefined)) });
      return change(id, (n) => counter(n, terms, deps));
    },
    /** Consumer: accepts the provider's offer that waits for the operator. */
    accept: (id: string) =>
      change(id, (n) => moveNegotiation({ ...offerWaiting(n), ...operatorsDataset(n), pending: false }, 'ACCEPTING', 'offer accepted through the management API', deps.clock)),
    reject: (id: string, reason: string) =>
      change(id, (n) => ({ ...moveNegotiation({ ...waiting(n), pending: false }, 'TERMINATING', 'rejected through the management API', deps.clock), terminationReason: reason })),
    get: (id: string) => deps.store.getById(id),
    list: (q: { states?: NegotiationState[]; offset: number; limit: number }) => deps.store.list(q),
  };
}

function waiting(n: ContractNegotiation): ContractNegotiation {
  if (n.role !== 'provider' || !['REQUESTED', 'ACCEPTED'].includes(n.state) || !n.pending) {
    throw new ConnectorError('INVALID_TRANSITION', { detail: `negotiation '${n.id}' is not waiting for an approval` });
  }
  return n;
}

/**
 * An approval the agreement gate refuses (the offer no longer resolves, the contract policy denies the consumer): the
 * negotiation stays pending, and the operator is told why and what is left to do.
 */
function approvalRefused(n: ContractNegotiation, reason: string): ConnectorError {
  const at = `/api/v1/negotiations/${encodeURIComponent(n.id)}`;
  const next =
    n.state === 'REQUESTED'
      ? `counter-offer the current terms (POST ${at}/counter-offer) or reject it (POST ${at}/reject)`
      : `reject it (POST ${at}/reject); the consumer accepted an offer, so no counter-offer can follow`;
  return new ConnectorError('INVALID_TRANSITION', {
    detail: `negotiation '${n.id}' cannot be agreed: ${reason}. It stays pending: ${next}`,
  });
}

function offerWaiting(n: ContractNegotiation): ContractNegotiation {
  if (n.role !== 'consumer' || n.state !== 'OFFERED' || !n.pending) {
    throw new ConnectorError('INVALID_TRANSITION', { detail: `negotiation '${n.id}' has no offer waiting for an answer` });
  }
  return n;
}

function counter(n: ContractNegotiation, terms: CounterTerms, deps: NegotiationDeps): ContractNegotiation {
  const rules = Object.fromEntries(Object.entries(terms).filter(([, v]) => v !== undefined));
  if (n.role === 'provider') {
    const offer = { '@id': `urn:uuid:${deps.ids.next()}`, '@type': 'Offer', ...rules, target: n.assetId ?? n.offer.target, assigner: deps.auth.participantId };
    return {
      ...moveNegotiation({ ...waiting(n), pending: false }, 'OFFERING', 'counter-offer through the management API', deps.clock),
      offer,
      providerOffer: { offer, byOperator: true },
    };
  }
  const { permission: _p, prohibition: _h, obligation: _o, ...identity } = offerWaiting(n).offer;
  return moveNegotiation({ ...n, ...operatorsDataset(n), pending: false, offer: { ...identity, ...rules } }, 'REQUESTING', 'counter-offer through the management API', deps.clock);
}

/** Consumer: an operator who answers the provider's offer (accept, counter-offer) takes its dataset for the negotiation's. */
function operatorsDataset(n: ContractNegotiation): { assetId?: string } {
  return typeof n.offer.target === 'string' ? { assetId: n.offer.target } : {};
}
