import type { Clock, IdGenerator, Logger } from '../../core/index.js';
import type { PolicyEngine } from '../../policy/index.js';
import type { AuditInput } from '../audit/index.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import type { StateEntityStore } from '../statemachine/state-entity-store.js';
import type { LoopHandOff } from '../statemachine/hand-off.js';
import type { AgreementDecisionRecord } from './agreement-gate.js';
import type { AgreementSigner } from './agreement/agreement-signer.js';
import type { AgreementStore } from './agreement/contract-agreement.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import type { OfferResolver } from './offer-resolver.js';
import type { StandingCheck } from '../peer/standing-check.js';

/** What the negotiation handlers, processors and services need (built once in the composition root). */
export interface NegotiationDeps extends LoopHandOff<ContractNegotiation> {
  store: StateEntityStore<ContractNegotiation>;
  agreements: AgreementStore;
  offers: OfferResolver;
  engine: PolicyEngine;
  auth: PeerAuth;
  signer: AgreementSigner;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** Our DSP base URL (the callback address we give peers). */
  dspBaseUrl: string;
  /** Every peer address we call (and every callback address we are given) passes this policy. */
  outbound: OutboundPolicy;
  /** Refuses business with suspended counterparties, either way (FORBIDDEN); absent: nobody is suspended. */
  standing?: StandingCheck;
  /**
   * Writes the audit entry of something that changed nothing here (an operator's approval the agreement gate refused),
   * through the outbox; resolves once it is committed.
   */
  recordAudit(entry: AuditInput): Promise<void>;
  /** Called with every committed decision of the agreement gate (for the audit log). */
  onDecision?(decision: AgreementDecisionRecord): void;
  /** Consumer side: whether agreements from this provider must carry a valid agreement credential. */
  requireAgreementCredential?(providerId: string): boolean;
  /** Called after every committed state change. */
  onChanged?(before: ContractNegotiation | undefined, after: ContractNegotiation): void;
}
