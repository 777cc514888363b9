import { catalogResources } from './0001-catalog-resources.js';
import { stateEntities } from './0002-state-entities.js';
import { identity } from './0003-identity.js';
import { agreements } from './0004-agreements.js';
import { webhooks } from './0005-webhooks.js';
import { federatedTraining } from './0007-federated-training.js';
import { offerCredentials } from './0006-offer-credentials.js';
import { auditAndUsage } from './0008-audit-and-usage.js';
import { partySuspensions } from './0009-party-suspensions.js';
import { siteSessionRounds } from './0010-site-session-rounds.js';
import { siteSessionStatistics } from './0011-site-session-statistics.js';
import { tokenReplay } from './0012-token-replay.js';
import { replicaSettings } from './0013-replica-settings.js';
import { stateChangeOutbox } from './0014-state-change-outbox.js';
import { privacyLedger } from './0017-privacy-ledger.js';
import { modelUseCounts } from './0018-model-use-counts.js';
import { listingOrderIndexes } from './0019-listing-order-indexes.js';
import { trainingMetrics } from './0020-training-metrics.js';
import { trainingAfterWork } from './0021-training-after-work.js';
import { transferUses } from './0022-transfer-uses.js';
import { afterWorkRetries } from './0023-after-work-retries.js';
import { auditSeqGuard } from './0024-audit-seq-guard.js';
import { siteSessionSuspensions } from './0025-site-session-suspensions.js';
import { receivedReceipts } from './0026-received-receipts.js';
import { webhookDeliveryOwner } from './0027-webhook-delivery-owner.js';
import type { Migration } from './migration.js';

/** Every migration, in order. Append only: never edit or reorder a released migration. */
export const MIGRATIONS: readonly Migration[] = [
  catalogResources,
  stateEntities,
  identity,
  agreements,
  webhooks,
  offerCredentials,
  federatedTraining,
  auditAndUsage,
  partySuspensions,
  siteSessionRounds,
  siteSessionStatistics,
  tokenReplay,
  replicaSettings,
  stateChangeOutbox,
  privacyLedger,
  modelUseCounts,
  listingOrderIndexes,
  trainingMetrics,
  trainingAfterWork,
  transferUses,
  afterWorkRetries,
  auditSeqGuard,
  siteSessionSuspensions,
  receivedReceipts,
  webhookDeliveryOwner,
];
export type { Migration } from './migration.js';
