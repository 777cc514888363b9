import { ConnectorError, toIso } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import { checkNegotiationMessage } from './negotiation-message-checks.js';
import type { NegotiationDeps } from './negotiation-deps.js';
import { moveNegotiation } from './negotiation-transition.js';
import { updateNegotiation } from './negotiation-updater.js';
import type { ResolvedOffer } from './offer-resolver.js';
import { agreementIdFor } from './processors/provider-processors.js';
import { sameRules } from './same-rules.js';

type Msg = Record<string, unknown> & { consumerPid: string; providerPid?: string; offer: Record<string, unknown>; callbackAddress?: string };

/** Provider side, inbound: one function per DSP message. Synchronous: state changes only; replies go out from the loop. */
export function providerNegotiationProtocol(deps: NegotiationDeps) {
  const commit = (before: ContractNegotiation | undefined, after: ContractNegotiation) => {
    deps.onChanged?.(before, after);
    deps.wake();
    return after;
  };

  /** Decides what a request leads to: a counter-offer, a termination, a wait for approval, or an agreement. */
  function decide(n: ContractNegotiation, requested: Record<string, unknown>, resolved: ResolvedOffer, agent: ParticipantAgent): ContractNegotiation {
    if (!sameRules(requested, resolved.offer)) return moveNegotiation({ ...n, offer: resolved.offer }, 'OFFERING', 'counter-offer: we offer our terms', deps.clock);
    const evaluation = deps.engine.evaluate(deps.engine.parse(resolved.contractPolicy), { scope: 'negotiation', agent, now: deps.clock.now(), target: resolved.assetId });
    if (!evaluation.allowed) {
      const reason = evaluation.problems.map((p) => `${p.path}: ${p.message}`).join('; ') || 'the contract policy denies';
      deps.logger.info({ negotiationId: n.id, counterPartyId: agent.id, problems: evaluation.problems }, 'contract policy denied a request');
      return { ...moveNegotiation(n, 'TERMINATING', 'contract policy denied', deps.clock), terminationReason: reason };
    }
    if (resolved.approval === 'manual') return { ...n, pending: true };
    return moveNegotiation(n, 'AGREEING', 'contract policy allowed', deps.clock);
  }

  async function resolveOrFail(offerId: string, agent: ParticipantAgent): Promise<ResolvedOffer> {
    const resolved = await deps.offers.resolve(offerId, agent);
    if (!resolved) throw new ConnectorError('VALIDATION_FAILED', { detail: `unknown offer '${offerId}'` });
    return resolved;
  }

  return {
    /** POST /negotiations/request: a new negotiation (idempotent on consumerPid per caller). */
    async initialRequest(agent: ParticipantAgent, body: unknown): Promise<ContractNegotiation> {
      const m = checkNegotiationMessage<Msg>('ContractRequestMessage', body);
      if (!m.callbackAddress) throw new ConnectorError('VALIDATION_FAILED', { detail: 'an initial request needs a callbackAddress' });
      await deps.standing?.(agent.id);
      const existing = await deps.store.findByCorrelationId(m.consumerPid);
      if (existing && existing.role === 'provider' && existing.counterPartyId === agent.id) return existing;
      const resolved = await resolveOrFail(String(m.offer['@id']), agent);
      const now = deps.clock.now();
      const id = `urn:uuid:${deps.ids.next()}`;
      const created: ContractNegotiation = {
        id, role: 'provider', state: 'INITIAL', stateCount: 1, stateTimestamp: now, nextAttemptAt: now, pending: false, version: 0, createdAt: now, updatedAt: now,
        consumerPid: m.consumerPid, providerPid: id, correlationId: m.consumerPid, counterPartyId: agent.id, counterPartyAddress: m.callbackAddress,
        offer: m.offer, assetId: resolved.assetId, contractDefinitionId: resolved.contractDefinitionId, handledMessages: [], history: [],
      };
      const requested = moveNegotiation(created, 'REQUESTED', 'ContractRequestMessage received', deps.clock);
      const saved = await deps.store.save(decide(requested, m.offer, resolved, agent));
      return commit(undefined, saved);
    },

    /** POST /negotiations/:providerPid/request: the consumer's counter-offer. */
    async counterRequest(n: ContractNegotiation, agent: ParticipantAgent, body: unknown): Promise<ContractNegotiation> {
      const m = checkNegotiationMessage<Msg>('ContractRequestMessage', body);
      await deps.standing?.(agent.id);
      const resolved = await resolveOrFail(String(m.offer['@id']), agent);
      const { before, after } = await updateNegotiation(deps.store, n.id, (cur) => {
        if (cur.state === 'REQUESTED' || cur.state === 'AGREEING') return cur; // a repeat of the same request
        return decide(moveNegotiation({ ...cur, offer: m.offer }, 'REQUESTED', 'counter-offer received', deps.clock), m.offer, resolved, agent);
      });
      return commit(before, after);
    },

    /** POST /negotiations/:providerPid/events (ACCEPTED). */
    async accepted(n: ContractNegotiation, body: unknown): Promise<ContractNegotiation> {
      const m = checkNegotiationMessage<{ eventType: string }>('ContractNegotiationEventMessage', body);
      if (m.eventType !== 'ACCEPTED') throw new ConnectorError('INVALID_TRANSITION', { detail: 'only the provider may send FINALIZED' });
      const { before, after } = await updateNegotiation(deps.store, n.id, (cur) => {
        if (['ACCEPTED', 'AGREEING', 'AGREED'].includes(cur.state)) return cur;
        // The event may overtake the loop's save of OFFERED: the consumer evidently received our offer.
        const offered = cur.state === 'OFFERING' ? moveNegotiation(cur, 'OFFERED', 'offer acknowledged', deps.clock) : cur;
        return moveNegotiation(moveNegotiation(offered, 'ACCEPTED', 'offer accepted', deps.clock), 'AGREEING', 'agreeing', deps.clock);
      });
      return commit(before, after);
    },

    /** POST /negotiations/:providerPid/agreement/verification. */
    async verified(n: ContractNegotiation, body: unknown): Promise<ContractNegotiation> {
      checkNegotiationMessage('ContractAgreementVerificationMessage', body);
      const { before, after } = await updateNegotiation(deps.store, n.id, (cur) => {
        if (['VERIFIED', 'FINALIZING', 'FINALIZED'].includes(cur.state)) return cur;
        // The verification may overtake the loop's save of AGREED (whose agreement id is deterministic).
        const agreed = cur.state === 'AGREEING' ? moveNegotiation({ ...cur, agreementId: agreementIdFor(cur.id) }, 'AGREED', 'agreement acknowledged', deps.clock) : cur;
        return moveNegotiation(moveNegotiation(agreed, 'VERIFIED', 'agreement verified by consumer', deps.clock), 'FINALIZING', 'finalizing', deps.clock);
      });
      return commit(before, after);
    },

    /** Stamp for agreements: the provider's clock. */
    timestamp: () => toIso(deps.clock.now()),
  };
}
