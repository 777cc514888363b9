import type { ContractAgreement } from './agreement/contract-agreement.js';
import type { ParticipantAgent } from '../../policy/index.js';
import type { StatefulEntity } from '../statemachine/stateful-entity.js';
import type { NegotiationState } from './negotiation-state.js';

export type NegotiationRole = 'consumer' | 'provider';

/** An ODRL offer or agreement as it travels in DSP messages (compact JSON). */
export type OdrlJson = Record<string, unknown>;

export interface NegotiationHistoryEntry {
  state: NegotiationState;
  /** Epoch ms. */
  at: number;
  /** Who caused it: a message we received, a message we sent, or a management command. */
  cause: string;
}

/**
 * A contract negotiation as one side sees it. `id` is our own process id (consumerPid for the consumer,
 * providerPid for the provider); `correlationId` is the peer's process id once known.
 */
export interface ContractNegotiation extends StatefulEntity<NegotiationState> {
  role: NegotiationRole;
  consumerPid: string;
  providerPid?: string;
  counterPartyId: string;
  /** Where to send our next message: the provider's DSP base (consumer side) or the consumer's callback (provider side). */
  counterPartyAddress: string;
  /** The offer currently on the table. */
  offer: OdrlJson;
  /** Provider side: where the offer came from. */
  contractDefinitionId?: string;
  /**
   * The dataset this negotiation is about. Provider side: the catalog offer's. Consumer side: the target of the offer
   * it was started with, never replaced by a provider's offer (only an operator's answer to one, accept or
   * counter-offer, takes that offer's dataset); every offer and the agreement are compared with it.
   */
  assetId?: string;
  agreementId?: string;
  /** Consumer side: the agreement received, kept until FINALIZED makes it ours. */
  pendingAgreement?: { policy: OdrlJson; credential?: OdrlJson };
  /**
   * Transient, never stored: the agreement the store keeps with this save, in its transaction (the consumer's
   * FINALIZED), so a negotiation is never FINALIZED without its agreement. Kept as it is when its id is stored already.
   */
  keepAgreement?: ContractAgreement;
  /** The message ids (or message digests) already handled, for idempotency. */
  handledMessages: string[];
  history: NegotiationHistoryEntry[];
  /** A termination reason received or sent. */
  terminationReason?: string;
  /**
   * Provider side: the offer of the consumer's initial request, as it came: a copy of that request (a retry) gets this
   * negotiation, another request under the same consumerPid is refused.
   */
  initialOffer?: OdrlJson;
  /** Provider side: the catalog offer this negotiation is about (re-resolved at every decision). */
  catalogOfferId?: string;
  /** Provider side: the terms we last offered (our catalog terms, or an operator's counter-offer). */
  providerOffer?: { offer: OdrlJson; byOperator: boolean };
  /** Provider side: the consumer as verified at its last message, for an operator's later approval. */
  consumerAgent?: ParticipantAgent;
  /** Provider side: set only by the agreement gate when it agreed; the AGREEING step refuses to sign without it. */
  agreementGrant?: { path: string; at: number; offer: OdrlJson };
  /** Consumer side: false when a provider's offer waits for the operator (accept, counter-offer, terminate). */
  acceptCounterOffers?: boolean;
  /**
   * Consumer side: true when a provider's offer ends the negotiation (TERMINATING, with the reason), as an EDC
   * consumer's does: set for negotiations started through the EDC v3 API, whose scripts expect the terms they sent or
   * a termination, never an agreement on other terms.
   */
  refuseCounterOffers?: boolean;
  /** Our message for the current state has gone out (set just before sending; any transition clears it). */
  messageOut?: boolean;
}
