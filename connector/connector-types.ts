import type { Express } from 'express';
import type { Logger as PinoLogger } from 'pino';
import type { Clock, EventBus, IdGenerator } from '../core/index.js';
import type { PolicyEngine } from '../policy/index.js';
import type { KontorConfig } from './config/kontor-config.js';
import type { AgreementSigner } from './negotiation/index.js';
import type { NegotiationEvents, NegotiationModule } from './negotiation/index.js';
import type { IdentityModule } from './identity-module.js';
import type { CatalogModule } from './catalog-module.js';
import type { PeerAuth } from './peer/peer-auth.js';
import type { FlModule } from './training-module.js';
import type { Training } from './training/index.js';
import type { TrainingBackend } from './training/index.js';
import type { AuditLog } from './audit/index.js';
import type { PolicyMonitor } from './usage/index.js';
import type { Stores } from './store/sql/create-stores.js';
import type { TransferEvents, TransferModule } from './transfer/index.js';
import type { ConnectorMetrics } from './metrics/connector-metrics.js';
import type { ClusterBus } from './cluster/index.js';

export interface ConnectorDeps {
  logger?: PinoLogger;
  clock?: Clock;
  ids?: IdGenerator;
  policyEngine?: PolicyEngine;
  /** Replaces the identity built from configuration (tests). */
  peerAuth?: PeerAuth;
  agreementSigner?: AgreementSigner;
  trainingBackend?: TrainingBackend;
  /** Replaces the cluster bus built from the store configuration (tests). */
  clusterBus?: ClusterBus;
}

export interface TrainingEvents {
  'training.changed': { id: string; from: string; to: string; round: number; training: Training };
}

export type ConnectorEvents = NegotiationEvents & TransferEvents & TrainingEvents;

export interface Connector {
  config: KontorConfig;
  /** Publishes (signs) every offer now, e.g. after writing to the stores directly; resolves when done. */
  publishOffers(): Promise<void>;
  stores: Stores;
  policyEngine: PolicyEngine;
  events: EventBus<ConnectorEvents>;
  /** Cache flushes and stream cuts shared with every replica on the same database (connector/cluster/). */
  cluster: ClusterBus;
  negotiations: NegotiationModule;
  transfers: TransferModule;
  /** Keys, DID document, credential service and wallet; absent with the development identity. */
  identity: IdentityModule | undefined;
  /** Offer credentials, catalog requests with verification, the federated catalog crawler. */
  catalog: CatalogModule;
  /** Federated training: the site endpoint and the coordinator. */
  training: FlModule;
  /** The hash-chained audit log of every decision, negotiation, transfer, round and deletion. */
  audit: AuditLog;
  /** Re-checks live transfers against their agreements and ends those that no longer hold. */
  monitor: PolicyMonitor;
  /** The connector's own metrics registry (GET /metrics). */
  metrics: ConnectorMetrics;
  managementApp: Express;
  publicApp: Express;
  /** Binds both listeners and starts the state machines; returns the listeners' actual URLs. */
  start(): Promise<{ managementUrl: string; publicUrl: string }>;
  /** Stops the state machines, drains in-flight requests (up to shutdown.graceMs), closes the store. Idempotent. */
  stop(): Promise<void>;
}
