import type { ParticipantAgent } from '../../policy/index.js';
import type { StatefulEntity } from '../statemachine/stateful-entity.js';
import type { TransferState } from './transfer-state.js';

export type TransferRole = 'consumer' | 'provider';

/** The transfer types (the `format` of a TransferRequestMessage) this connector's data plane serves. */
export const TRANSFER_TYPES = ['HttpData-PULL', 'HttpData-PUSH', 'FederatedTraining'] as const;
export type TransferType = (typeof TRANSFER_TYPES)[number];

/** A DSP DataAddress (compact JSON; DSP 2025-1, transfer process protocol, DataAddress). */
export interface DspDataAddress {
  '@type': 'DataAddress';
  endpointType: string;
  endpoint?: string;
  endpointProperties?: { '@type': 'EndpointProperty'; name: string; value: string }[];
}

/**
 * Consumer side of a pull: where the data is and the token for it (from the provider's TransferStartMessage). A
 * provider that needs no token sends none (the DSP makes `authorization` optional): then the data is fetched without.
 */
export interface EndpointDataReference {
  endpoint: string;
  token?: string;
  authType: string;
  /** Where a fresh token is issued (the provider's data plane), when the provider offers it. */
  refreshEndpoint?: string;
  /** Epoch ms when the token expires, when known. */
  expiresAt?: number;
}

export interface TransferHistoryEntry {
  state: TransferState;
  at: number;
  cause: string;
}

/**
 * A transfer process as one side sees it. `id` is our own process id (consumerPid for the consumer, providerPid
 * for the provider); `correlationId` is the peer's process id once known.
 */
export interface TransferProcess extends StatefulEntity<TransferState> {
  role: TransferRole;
  consumerPid: string;
  providerPid?: string;
  counterPartyId: string;
  /** The provider's DSP base (consumer side) or the consumer's callback address (provider side). */
  counterPartyAddress: string;
  agreementId: string;
  assetId: string;
  transferType: TransferType;
  /** The purpose the consumer declared for this transfer (evaluated by the contract policy in scope `transfer`). */
  purpose?: string;
  /** FederatedTraining: the plan the coordinator declared it will train (the site checks it against its data's schema at the start). */
  trainingPlan?: Record<string, unknown>;
  /** Push: where the provider sends the data. */
  dataDestination?: DspDataAddress;
  /** Consumer, pull: the endpoint data reference. */
  edr?: EndpointDataReference;
  /** Provider: the consumer as verified when it asked; the data plane evaluates the policy against it. */
  agent?: ParticipantAgent;
  /**
   * Provider: the use of the agreement this transfer claimed when it was accepted (1 for the first transfer under it;
   * docs/decisions/0040-transfer-use-counting.md). Every later check of the transfer evaluates a `count` with this use.
   */
  useNumber?: number;
  /** SUSPENDING and SUSPENDED: the side that suspended (transfer-suspension.ts); only the provider lifts its own. */
  suspendedBy?: TransferRole;
  /**
   * Provider: the generation of data tokens this transfer accepts, raised on the resume after a provider's suspension
   * (move-transfer.ts), so a token issued before it does not open the data after it. Absent is 0.
   */
  tokenEpoch?: number;
  /** Provider, push: when the data was delivered (so a retried completion message does not push twice). */
  pushedAt?: number;
  /**
   * Provider, push: when the current push began, saved before the data goes out: a push that finds it without
   * `pushedAt` is a repeat after an interruption, and it makes the push's Idempotency-Key (push-marks.ts).
   */
  pushStartedAt?: number;
  history: TransferHistoryEntry[];
  terminationReason?: string;
}
