import { fromJsonLiteral } from '../../catalog/index.js';
import { ConnectorError } from '../../core/index.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import { checkInbound } from './negotiation-inbound-rules.js';
import { sameRules } from './same-rules.js';
import { sameAgreement } from './agreement/same-agreement.js';
import { checkNegotiationMessage } from './negotiation-message-checks.js';
import type { NegotiationDeps } from './negotiation-deps.js';
import { moveNegotiation } from './move-negotiation.js';
import { updateNegotiation } from './negotiation-updater.js';
import { handOff } from '../statemachine/hand-off.js';

export const AGREEMENT_CREDENTIAL_KEY = 'https://w3id.org/kontor/vocab#agreementCredential';

type AgreementMsg = { providerPid: string; agreement: Record<string, unknown> } & Record<string, unknown>;

/**
 * Consumer side, inbound (the provider calls our callback). A message may overtake the acknowledgement of our
 * own request: a REQUESTING negotiation that receives a provider message counts as REQUESTED (the provider
 * evidently received it), and the loop's late save of REQUESTED loses to this newer state.
 */
export function consumerNegotiationProtocol(deps: NegotiationDeps) {
  const commit = (before: ContractNegotiation, after: ContractNegotiation, leased: boolean) => {
    deps.onChanged?.(before, after);
    handOff(deps, after, leased);
    return after;
  };
  const update = (n: ContractNegotiation, mutate: (cur: ContractNegotiation) => ContractNegotiation) =>
    updateNegotiation(deps.store, n.id, mutate, { current: n, leaseFor: deps.leaseFor });
  const acknowledged = (cur: ContractNegotiation, providerPid: string): ContractNegotiation => {
    if (cur.providerPid && cur.providerPid !== providerPid) throw new ConnectorError('NOT_FOUND', { detail: 'providerPid does not match this negotiation' });
    const withPid = { ...cur, providerPid, correlationId: providerPid };
    if (cur.state === 'REQUESTING') return moveNegotiation(withPid, 'REQUESTED', 'request acknowledged', deps.clock);
    return cur.state === 'ACCEPTING' ? moveNegotiation(withPid, 'ACCEPTED', 'acceptance acknowledged', deps.clock) : withPid;
  };

  return {
    /**
     * POST /negotiations/:consumerPid/offers: the provider's counter-offer (valid in REQUESTED): accepted at once, left
     * to the operator (acceptCounterOffers false, or another dataset), or the end of the negotiation (refuseCounterOffers).
     */
    async offer(n: ContractNegotiation, body: unknown): Promise<ContractNegotiation> {
      const m = checkNegotiationMessage<{ providerPid: string; offer: Record<string, unknown> }>('ContractOfferMessage', body);
      checkInbound(n, 'offer');
      const { before, after, leased } = await update(n, (cur) => {
        checkInbound(cur, 'offer');
        const offered = moveNegotiation({ ...acknowledged(cur, m.providerPid), offer: m.offer }, 'OFFERED', 'ContractOfferMessage received', deps.clock);
        if (cur.refuseCounterOffers) {
          return {
            ...moveNegotiation(offered, 'TERMINATING', 'counter-offer refused', deps.clock),
            terminationReason: 'the provider answered with other terms (a counter-offer); this negotiation takes only the terms it requested',
          };
        }
        const sameTarget = m.offer.target === datasetOf(cur);
        const automatic = sameTarget && cur.acceptCounterOffers !== false;
        return automatic ? moveNegotiation(offered, 'ACCEPTING', 'offer for the requested dataset accepted', deps.clock) : { ...offered, pending: true };
      });
      return commit(before, after, leased);
    },

    /** POST /negotiations/:consumerPid/agreement: checked (parties, dataset, rules, credential) before we verify it. */
    async agreement(n: ContractNegotiation, body: unknown): Promise<ContractNegotiation> {
      const m = checkNegotiationMessage<AgreementMsg>('ContractAgreementMessage', body);
      checkInbound(n, 'agreement');
      const sent = m[AGREEMENT_CREDENTIAL_KEY];
      const credential = fromJsonLiteral(sent);
      const unreadable = sent !== undefined && !credential ? 'the agreement credential that came with it is not a credential object' : undefined;
      const problem =
        agreementProblem(n, m.agreement, deps.auth.participantId) ??
        unreadable ??
        (await credentialProblem(deps, n, m.agreement, credential)) ??
        (await heldUnderItsId(deps, m.agreement));
      const { before, after, leased } = await update(n, (cur) => {
        checkInbound(cur, 'agreement');
        const agreed = moveNegotiation(acknowledged(cur, m.providerPid), 'AGREED', 'ContractAgreementMessage received', deps.clock);
        if (problem) return { ...moveNegotiation(agreed, 'TERMINATING', 'agreement rejected', deps.clock), terminationReason: problem };
        return moveNegotiation(
          { ...agreed, agreementId: String(m.agreement['@id']), pendingAgreement: { policy: m.agreement, ...(credential ? { credential } : {}) } },
          'VERIFYING',
          'agreement verified',
          deps.clock,
        );
      });
      return commit(before, after, leased);
    },

    /**
     * POST /negotiations/:consumerPid/events (FINALIZED): the agreement becomes ours, unless another agreement we hold
     * has its id by now (another negotiation finalized on it first): then this one ends (TERMINATING). The store checks
     * the same once more in the transaction of FINALIZED (AgreementSqlStore.keep), for one that finalizes meanwhile.
     */
    async finalized(n: ContractNegotiation, body: unknown): Promise<ContractNegotiation> {
      const m = checkNegotiationMessage<{ eventType: string }>('ContractNegotiationEventMessage', body);
      if (m.eventType !== 'FINALIZED') throw new ConnectorError('INVALID_TRANSITION', { detail: 'only the consumer may send ACCEPTED' });
      checkInbound(n, 'finalized');
      const checked = n.pendingAgreement?.policy;
      const clash = checked ? await heldUnderItsId(deps, checked) : undefined;
      const { before, after, leased } = await update(n, (cur) => {
        // The event may overtake the loop's save of VERIFIED, once our verification is out.
        const verified = checkInbound(cur, 'finalized') === 'overtaking' ? moveNegotiation(cur, 'VERIFIED', 'verification acknowledged', deps.clock) : cur;
        if (clash && cur.pendingAgreement?.policy['@id'] === checked?.['@id']) {
          const { pendingAgreement: _refused, ...rest } = verified;
          return { ...moveNegotiation(rest, 'TERMINATING', 'agreement rejected at FINALIZED', deps.clock), terminationReason: clash };
        }
        const finalized = moveNegotiation(verified, 'FINALIZED', 'negotiation finalized', deps.clock);
        // The agreement becomes ours in the same transaction as FINALIZED: never the one without the other.
        const p = finalized.pendingAgreement;
        if (!p) return finalized;
        const keepAgreement = {
          id: String(p.policy['@id']),
          negotiationId: finalized.id,
          assigner: String(p.policy.assigner),
          assignee: String(p.policy.assignee),
          assetId: String(p.policy.target),
          policy: p.policy,
          signedAt: Date.parse(String(p.policy.timestamp ?? '')) || deps.clock.now(),
          status: 'active' as const,
          ...(p.credential ? { credential: p.credential } : {}),
        };
        return { ...finalized, keepAgreement };
      });
      return commit(before, after, leased);
    },
  };
}

/**
 * The dataset the negotiation is about: the one it was started for (ContractNegotiation.assetId); for a negotiation
 * stored before that was kept, its offer's.
 */
function datasetOf(n: ContractNegotiation): string | undefined {
  if (n.assetId !== undefined) return n.assetId;
  return typeof n.offer.target === 'string' ? n.offer.target : undefined;
}

/** What is wrong with an agreement we received, if anything. */
function agreementProblem(n: ContractNegotiation, agreement: Record<string, unknown>, self: string): string | undefined {
  if (agreement.assignee !== self) return `the agreement's assignee is ${String(agreement.assignee)}, not us`;
  if (agreement.assigner !== n.counterPartyId) return `the agreement's assigner is ${String(agreement.assigner)}, not the provider`;
  const dataset = datasetOf(n);
  if (dataset === undefined) return 'the negotiation names no dataset to compare the agreement with';
  if (agreement.target !== dataset) return 'the agreement is for another dataset';
  if (!sameRules(agreement, n.offer)) return 'the agreement states other rules than the offer we requested or accepted';
  return undefined;
}

/**
 * An agreement whose id names another agreement we hold (other parties, dataset or rules) is refused: at FINALIZED the
 * stored one would stay, and this negotiation would point at terms nobody agreed to in it. The same agreement (a
 * connector negotiating with itself holds the provider's row already) passes.
 */
async function heldUnderItsId(deps: NegotiationDeps, agreement: Record<string, unknown>): Promise<string | undefined> {
  const held = await deps.agreements.findById(String(agreement['@id']));
  if (!held) return undefined;
  const same = sameAgreement(held, { assigner: String(agreement.assigner), assignee: String(agreement.assignee), assetId: String(agreement.target), policy: agreement });
  return same ? undefined : `the agreement's id ${String(agreement['@id'])} names another agreement we hold`;
}

/** A credential that comes with the agreement must verify; one that is missing is refused only where required. */
async function credentialProblem(
  deps: NegotiationDeps,
  n: ContractNegotiation,
  agreement: Record<string, unknown>,
  credential: Record<string, unknown> | undefined,
): Promise<string | undefined> {
  if (credential) return deps.signer.verify(agreement, credential, n.counterPartyId);
  return deps.requireAgreementCredential?.(n.counterPartyId) ? 'the agreement comes without its credential, which we require from this provider' : undefined;
}
