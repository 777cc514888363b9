import type { Clock, IdGenerator, Logger } from '../../core/index.js';
import type { PolicyEngine } from '../../policy/index.js';
import type { AuditInput } from '../audit/index.js';
import type { AgreementStore } from '../negotiation/index.js';
import type { ContractNegotiation } from '../negotiation/index.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import type { LoopHandOff } from '../statemachine/hand-off.js';
import type { StateEntityStore } from '../statemachine/state-entity-store.js';
import type { TransferPolicy } from './transfer-policy.js';
import type { StandingCheck } from '../peer/standing-check.js';
import type { ChangeRecorder } from '../store/change-recorder.js';
import type { DspDataAddress, TransferProcess } from './transfer-process.js';

/** The provider's data plane as the control plane sees it (implemented in connector/dataplane/). */
export interface DataFlows {
  /** Pull: the DataAddress (endpoint + a fresh short-lived token) the consumer receives in TransferStartMessage. */
  pullAddress(t: TransferProcess): Promise<DspDataAddress>;
  /** Push: streams the asset to `t.dataDestination`; rejects when the flow is cut or the destination fails. */
  push(t: TransferProcess): Promise<void>;
  /** Cuts every running flow of a transfer at once (suspension, termination, revocation). */
  cut(transferId: string): void;
}

/** What the transfer handlers, processors and services need (built once in the composition root). */
export interface TransferDeps extends LoopHandOff<TransferProcess> {
  store: StateEntityStore<TransferProcess>;
  agreements: AgreementStore;
  /** Agreement changes committed with their audit entries (a revocation the consumer learned from its provider). */
  recorder: ChangeRecorder<{ agreements: AgreementStore }, { audit: AuditInput }>;
  negotiations: StateEntityStore<ContractNegotiation>;
  engine: PolicyEngine;
  /** Agreement and contract-policy checks (scope `transfer`). */
  policy: TransferPolicy;
  auth: PeerAuth;
  flows: DataFlows;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** Our DSP base URL (the callback address we give peers). */
  dspBaseUrl: string;
  /** Every peer address we call (callback, push destination, token refresh) passes this policy. */
  outbound: OutboundPolicy;
  /** Refuses business with suspended counterparties (FORBIDDEN); absent: nobody is suspended. */
  standing?: StandingCheck;
  /** The type of an asset's data address (`TrainingData`, `HttpData`, …), or undefined when unknown; absent: not checked. */
  findAssetType?(assetId: string): Promise<string | undefined>;
  /** Called after every committed state change. */
  onChanged?(before: TransferProcess | undefined, after: TransferProcess): void;
}
