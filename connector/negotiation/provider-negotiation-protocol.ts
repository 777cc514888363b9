import canonicalize from 'canonicalize';
import { ConnectorError, toIso } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { agreementGate, type AgreementDecisionRecord } from './agreement-gate.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import { checkInbound } from './negotiation-inbound-rules.js';
import { checkNegotiationMessage } from './negotiation-message-checks.js';
import type { NegotiationDeps } from './negotiation-deps.js';
import { moveNegotiation } from './move-negotiation.js';
import { updateNegotiation } from './negotiation-updater.js';
import { whyUnavailable } from './offer-resolver.js';
import { agreementIdFor } from './processors/provider-processors.js';
import { newEntity } from '../statemachine/new-entity.js';
import { peerProcessId, saveFirstOfPeer } from '../statemachine/first-of-peer.js';
import { handOff, saveForLoop } from '../statemachine/hand-off.js';
import { checkRequestedOfferParties } from './requested-offer-parties.js';

type Msg = Record<string, unknown> & { consumerPid: string; providerPid?: string; offer: Record<string, unknown>; callbackAddress?: string };

/**
 * Provider side, inbound: one function per DSP message. State changes only; replies go out from the loop.
 * Every way into AGREEING passes the agreement gate (contract policy, offer identity, manual approval).
 */
export function providerNegotiationProtocol(deps: NegotiationDeps) {
  const gate = agreementGate(deps);
  const commit = (before: ContractNegotiation | undefined, after: ContractNegotiation, leased: boolean) => {
    deps.onChanged?.(before, after);
    handOff(deps, after, leased);
    return after;
  };
  const update = (n: ContractNegotiation, mutate: (cur: ContractNegotiation) => ContractNegotiation) =>
    updateNegotiation(deps.store, n.id, mutate, { current: n, leaseFor: deps.leaseFor });
  /** The offer our last message put on the table counts as received once the peer answers it. */
  const offered = (cur: ContractNegotiation, verdict: 'valid' | 'overtaking') =>
    verdict === 'overtaking' ? moveNegotiation(cur, 'OFFERED', 'offer acknowledged', deps.clock) : cur;

  return {
    /** POST /negotiations/request: a new negotiation (idempotent on consumerPid per caller; `onCopy` hears that it answered a copy). */
    async initialRequest(agent: ParticipantAgent, body: unknown, onCopy?: () => void): Promise<ContractNegotiation> {
      const m = checkNegotiationMessage<Msg>('ContractRequestMessage', body);
      if (!m.callbackAddress) throw new ConnectorError('VALIDATION_FAILED', { detail: 'an initial request needs a callbackAddress' });
      deps.outbound.checkUrl(m.callbackAddress); // OUTBOUND_REFUSED now rather than at the first call back
      await deps.standing?.(agent.id);
      const existing = await deps.store.findByCorrelationId(m.consumerPid, agent.id);
      if (existing && existing.role === 'provider') return copyAnswered(sameInitialRequest(existing, m), onCopy);
      const resolved = await deps.offers.resolve(String(m.offer['@id']), agent);
      if (!resolved) throw await unknownOffer(deps, String(m.offer['@id']), agent);
      checkRequestedOfferParties(m.offer, { assetId: resolved.assetId, participantId: deps.auth.participantId });
      const now = deps.clock.now();
      const id = peerProcessId('negotiation', agent.id, m.consumerPid);
      const created: ContractNegotiation = {
        id,
        role: 'provider',
        ...newEntity('INITIAL', now),
        consumerPid: m.consumerPid,
        providerPid: id,
        correlationId: m.consumerPid,
        counterPartyId: agent.id,
        counterPartyAddress: m.callbackAddress,
        offer: m.offer,
        initialOffer: m.offer,
        catalogOfferId: resolved.offerId,
        assetId: resolved.assetId,
        contractDefinitionId: resolved.contractDefinitionId,
        handledMessages: [],
        history: [],
      };
      const requested = moveNegotiation(created, 'REQUESTED', 'ContractRequestMessage received', deps.clock);
      const [next, decision] = gate.apply(requested, { path: 'initial-request', terms: m.offer, resolved, agent, approved: false });
      const first = await saveFirstOfPeer(
        () => saveForLoop(deps.store, deps, next),
        () => deps.store.findById(id),
      );
      if ('existing' in first) return copyAnswered(sameInitialRequest(first.existing, m), onCopy); // a copy of this request, arrived at the same time, made it
      gate.report(decision);
      return commit(undefined, first.created.saved, first.created.leased);
    },

    /** POST /negotiations/:providerPid/request: the consumer's counter-offer (valid in OFFERED only). */
    async counterRequest(n: ContractNegotiation, agent: ParticipantAgent, body: unknown): Promise<ContractNegotiation> {
      const m = checkNegotiationMessage<Msg>('ContractRequestMessage', body);
      await deps.standing?.(agent.id);
      checkInbound(n, 'counter-request');
      // An answer to an operator's counter-offer names that offer's id: it stands for the catalog offer behind it.
      const named = String(m.offer['@id']);
      const catalogId = named === n.providerOffer?.offer['@id'] && n.catalogOfferId ? n.catalogOfferId : named;
      const resolved = await deps.offers.resolve(catalogId, agent);
      if (!resolved) throw await unknownOffer(deps, catalogId, agent);
      checkRequestedOfferParties(m.offer, { assetId: resolved.assetId, participantId: deps.auth.participantId });
      let decision: AgreementDecisionRecord | undefined;
      const { before, after, leased } = await update(n, (cur) => {
        const requested = moveNegotiation(
          { ...offered(cur, checkInbound(cur, 'counter-request')), offer: m.offer, catalogOfferId: resolved.offerId },
          'REQUESTED',
          'counter-offer received',
          deps.clock,
        );
        const [next, d] = gate.apply(requested, { path: 'counter-request', terms: m.offer, resolved, agent, approved: false });
        decision = d;
        return next;
      });
      gate.report(decision);
      return commit(before, after, leased);
    },

    /** POST /negotiations/:providerPid/events (ACCEPTED): the consumer accepts the offer we made (valid in OFFERED only). */
    async accepted(n: ContractNegotiation, agent: ParticipantAgent, body: unknown): Promise<ContractNegotiation> {
      const m = checkNegotiationMessage<{ eventType: string }>('ContractNegotiationEventMessage', body);
      if (m.eventType !== 'ACCEPTED') throw new ConnectorError('INVALID_TRANSITION', { detail: 'only the provider may send FINALIZED' });
      await deps.standing?.(agent.id);
      checkInbound(n, 'accepted');
      const catalogId = n.catalogOfferId ?? String(n.offer['@id']);
      const resolved = await deps.offers.resolve(catalogId, agent);
      // The consumer was admitted when it asked: it is told precisely why the offer it accepted is gone.
      const unavailable = resolved ? undefined : (await whyUnavailable(deps.offers, catalogId, agent)).reason;
      let decision: AgreementDecisionRecord | undefined;
      const { before, after, leased } = await update(n, (cur) => {
        const accepted = moveNegotiation(offered(cur, checkInbound(cur, 'accepted')), 'ACCEPTED', 'offer accepted', deps.clock);
        const [next, d] = gate.apply(accepted, { path: 'accepted-offer', terms: cur.offer, resolved, ...(unavailable ? { unavailable } : {}), agent, approved: false });
        decision = d;
        return next;
      });
      gate.report(decision);
      return commit(before, after, leased);
    },

    /** POST /negotiations/:providerPid/agreement/verification (valid in AGREED, or once our agreement is out). */
    async verified(n: ContractNegotiation, body: unknown): Promise<ContractNegotiation> {
      checkNegotiationMessage('ContractAgreementVerificationMessage', body);
      checkInbound(n, 'verification');
      const { before, after, leased } = await update(n, (cur) => {
        const agreed =
          checkInbound(cur, 'verification') === 'overtaking'
            ? moveNegotiation({ ...cur, agreementId: agreementIdFor(cur.id) }, 'AGREED', 'agreement acknowledged', deps.clock)
            : cur;
        return moveNegotiation(moveNegotiation(agreed, 'VERIFIED', 'agreement verified by consumer', deps.clock), 'FINALIZING', 'finalizing', deps.clock);
      });
      return commit(before, after, leased);
    },

    /** Stamp for agreements: the provider's clock. */
    timestamp: () => toIso(deps.clock.now()),
  };
}

/**
 * The negotiation an initial request names again (its consumerPid), when the request is a copy of the one that started
 * it (a retry): the same offer and callbackAddress. Another request under that consumerPid is refused, naming what
 * differs, rather than answered with a negotiation that ignores it.
 */
function sameInitialRequest(existing: ContractNegotiation, m: Msg): ContractNegotiation {
  const json = canonicalize as unknown as (v: unknown) => string;
  const differing = [
    ...(json(m.offer) === json(existing.initialOffer ?? existing.offer)
      ? []
      : [{ pointer: '/offer', message: 'differs from the offer of the request that started this negotiation' }]),
    ...(m.callbackAddress === existing.counterPartyAddress
      ? []
      : [{ pointer: '/callbackAddress', message: 'differs from the callbackAddress of the request that started this negotiation' }]),
  ];
  if (differing.length === 0) return existing;
  throw new ConnectorError('VALIDATION_FAILED', {
    detail: `consumerPid '${m.consumerPid}' names a negotiation started by another request: ${differing.map((d) => d.pointer.slice(1)).join(' and ')} differ`,
    violations: differing,
  });
}

/** The process a copy of an initial request is answered with (sameInitialRequest refused anything else), reported to `onCopy`. */
function copyAnswered<T>(answer: T, onCopy: (() => void) | undefined): T {
  onCopy?.();
  return answer;
}

/** The refusal of a request naming an offer that does not resolve: as precise as the requester may be told (OfferUnavailable). */
async function unknownOffer(deps: NegotiationDeps, offerId: string, agent: ParticipantAgent): Promise<ConnectorError> {
  return new ConnectorError('VALIDATION_FAILED', { detail: (await whyUnavailable(deps.offers, offerId, agent)).publicReason });
}
