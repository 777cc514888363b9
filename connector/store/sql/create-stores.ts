import type { AssetStore, ContractDefinitionStore, PolicyDefinitionStore } from '../../../catalog/index.js';
import { ConnectorError, isConnectorError, type Clock, type Logger } from '../../../core/index.js';
import type { StoreConfig } from '../../config/kontor-config.js';
import type { StateEntityStore } from '../../statemachine/state-entity-store.js';
import type { AuthorityStore } from '../../authority/index.js';
import type { AgreementStore } from '../../negotiation/index.js';
import type { ContractNegotiation } from '../../negotiation/index.js';
import type { TransferProcess, TransferUseLedger } from '../../transfer/index.js';
import type { SaveCompanion } from './save-companion.js';
import { AgreementSqlStore } from './agreement-sql-store.js';
import type { WebhookDelivery, WebhookStore } from '../../webhooks/index.js';
import { WebhookSqlStore } from './webhook-sql-store.js';
import type { HeldCredentialStore } from '../../identity/index.js';
import { HeldCredentialSqlStore } from './held-credential-sql-store.js';
import { AuthoritySqlStore } from './authority-sql-store.js';
import { createAssetSqlStore } from './asset-sql-store.js';
import { createContractDefinitionSqlStore } from './contract-definition-sql-store.js';
import { openDatabase, type Database } from '../database.js';
import { migrate } from '../migrate.js';
import { checkSealedRows } from '../sealed-rows-check.js';
import { logBackgroundFailure } from '../background-failure.js';
import { fillAddressTypes } from './address-type-fill.js';
import { loggingBroken } from '../logged-field-cipher.js';
import { createPolicyDefinitionSqlStore } from './policy-definition-sql-store.js';
import { storeOpenError, storeWhere } from '../store-open-error.js';
/** For the wiring's background work (connector.ts), which reaches the store through this module. */
export { logBackgroundFailure } from '../background-failure.js';
import { SqlStateEntityStore } from './sql-state-entity-store.js';
import { TrainingSqlStore } from './training-sql-store.js';
import { SqlAfterWorkStore } from './after-work-sql-store.js';
import type { FieldCipher, ReceiptLedger, SuspensionStore } from '../../usage/index.js';
import type { ArtifactKekSettings, KekSource } from '../../config/artifact-kek.js';
import type { OfferCredentialStore } from '../../offers/index.js';
import type { FederationStore } from '../../federation/index.js';
import type { AfterWorkClaims, ModelUseLedger, PrivacyLedger, SiteSessionStore } from '../../training/index.js';
import type { AuditLog } from '../../audit/index.js';
import { ModelUseLedgerSqlStore } from './model-use-ledger-sql-store.js';
import { TransferUseLedgerSqlStore } from './transfer-use-ledger-sql-store.js';
import { ReceivedReceiptSqlStore } from './received-receipt-sql-store.js';
import type { ReplayCache } from '../../identity/index.js';
import { SqlSuspensionStore } from './sql-suspension-store.js';
import { SqlAuditStore } from './sql-audit-store.js';
import { OfferCredentialSqlStore } from './offer-credential-sql-store.js';
import { FederationSqlStore } from './federation-sql-store.js';
import { SiteSessionSqlStore } from './site-session-sql-store.js';
import { PrivacyLedgerSqlStore } from './privacy-ledger-sql-store.js';
import { SqlDutyTimerStore } from './sql-duty-timer-store.js';
import { SqlArtifactKeyStore } from './sql-artifact-key-store.js';
import { SqlReplayCache } from './sql-replay-cache.js';
import type { Registry } from 'prom-client';
import { databaseProblem, migrationLevel, migrationLevelProblem } from '../database-problem.js';
import { registerStoreGauges } from './store-gauges.js';
import { createClusterBus, type ClusterBus } from '../../cluster/index.js';
import { takeReplicaSeat, type ReplicaSeat, type SeatDeps } from './replica-seat.js';
import { databaseClock } from './database-clock.js';
import type { SharedSetting } from '../../replicas/index.js';
import type { ChangeRecorder } from '../change-recorder.js';
import { sqlChangeRecorder } from './outbox/change-recorder.js';
import type { OutboxRecord } from './outbox/outbox-records.js';
import { StateChangeRelay, type StateChangeRelayDeps } from './outbox/state-change-relay.js';

/**
 * Every store of a connector (or an authority) on one database. The database handle itself stays inside: what the
 * wiring needs of it (readiness, gauges, the cluster bus, the replica seat, the outbox relay) is built here.
 */
export interface Stores {
  assets: AssetStore;
  policies: PolicyDefinitionStore;
  contractDefinitions: ContractDefinitionStore;
  negotiations: StateEntityStore<ContractNegotiation>;
  agreements: AgreementStore;
  transfers: StateEntityStore<TransferProcess>;
  /** The uses of agreements by accepted transfers (a policy's `count`), claimed in the transaction that decides a request. */
  transferUses: TransferUseLedger;
  authority: AuthorityStore;
  heldCredentials: HeldCredentialStore;
  webhooks: WebhookStore;
  webhookDeliveries: StateEntityStore<WebhookDelivery>;
  /** Counterparties suspended for a breached duty or by the operator. */
  suspensions: SuspensionStore;
  /** The audit log's rows (appended in the same transaction as a state change through the outbox). */
  audit: SqlAuditStore;
  offerCredentials: OfferCredentialStore;
  federation: FederationStore;
  /** Federated training: the site's sessions, the coordinator's trainings, each agreement's privacy spend. */
  siteSessions: SiteSessionStore;
  trainings: TrainingSqlStore;
  /** The after-work of ended trainings, claimed and marked done (training-after-work.ts). */
  afterWork: AfterWorkClaims;
  privacyLedger: PrivacyLedger;
  /** Usage control: durable duty timers, and the artifact data keys wrapped under the configured KEK. */
  dutyTimers: SqlDutyTimerStore;
  artifactKeys(kek: KekSource | ArtifactKekSettings): SqlArtifactKeyStore;
  /** Once-only token ids shared by every replica on this database. */
  replayCache: ReplayCache;
  /** Why the database cannot serve this build, or undefined (GET /health/ready). */
  problem(): Promise<string | undefined>;
  /** PostgreSQL: the database server's time, in ms since the epoch (replicas' clocks are checked against it). */
  databaseNow?: () => Promise<number>;
  /** Gauges read from the database when /metrics is scraped. */
  registerGauges(registry: Registry, clock: Clock): void;
  /** The bus that carries cluster events to every replica on this database (in-process alone on SQLite). */
  clusterBus(store: Pick<StoreConfig, 'kind' | 'url' | 'schema'>, origin: string, logger: Logger): ClusterBus;
  /** This process's seat among the replicas on the schema; refused when a shared setting differs. */
  replicaSeat(settings: readonly SharedSetting[], deps: SeatDeps): Promise<ReplicaSeat>;
  /**
   * Changes made through these stores bound to one transaction, committed with their records (audit entries,
   * webhook events) in the outbox; `wake` the relay after a commit that wrote some.
   */
  changeRecorder(wake: () => void): ChangeRecorder<Stores, OutboxRecord>;
  /** The relay of the state-change outbox into the audit log and the webhook deliveries. */
  stateChangeRelay(deps: Omit<StateChangeRelayDeps, 'database' | 'auditStore'>): StateChangeRelay;
  /** The trained models' use counts, claimed in the transaction that decides and audits a use (appended to `audit`). */
  modelUseLedger(audit: AuditLog, clock: Clock): ModelUseLedger;
  /** The deletion receipts a site received, one per (agreement, receipt id), kept with their audit entry (appended to `audit`). */
  receivedReceipts(audit: AuditLog): ReceiptLedger;
  close(): Promise<void>;
}

/**
 * Opens the configured database, migrates it (unless disabled) and builds every store on it. With a `cipher`, asset
 * data addresses and webhook secrets are sealed at rest, and a store holding values sealed under a KEK it does not
 * hold is refused (sealed-rows-check.ts); without one, sealed values cannot be read.
 */
export async function createStores(config: StoreConfig, deps: { clock: Clock; logger: Logger; cipher?: FieldCipher }): Promise<Stores> {
  const database = await openDatabase(config, { logger: deps.logger }).catch((error: unknown) => {
    throw storeOpenError(config, error, 'opening');
  });
  try {
    if (config.migrate) await migrate(database, deps);
    else await requireMigrated(database, config);
    // A store sealed under another KEK is refused now, naming both, rather than failing each read of it later.
    if (deps.cipher) await checkSealedRows(database, deps.cipher);
  } catch (error) {
    await database.close();
    throw isConnectorError(error) ? error : storeOpenError(config, error, config.migrate ? 'migrating' : 'reading the migration level of');
  }
  // Asset rows sealed before the data address's type was kept in clear get it now, once (address-type-fill.ts).
  if (deps.cipher) {
    await fillAddressTypes(database, deps.cipher, deps.logger).catch((error: unknown) =>
      logBackgroundFailure(deps.logger, error, 'the data address types of assets sealed before they were kept in clear were not filled in'),
    );
  }
  return storesOn(database, deps.clock, deps.cipher, deps.logger);
}

/** With store.migrate off, a database older than this build is refused: every request would fail on it. */
async function requireMigrated(database: Database, config: StoreConfig): Promise<void> {
  const problem = migrationLevelProblem(await migrationLevel(database));
  if (!problem) return;
  throw new ConnectorError('STORE_UNAVAILABLE', {
    detail: `${storeWhere(config)} is not migrated and store.migrate is false: ${problem}; start once with store.migrate=true (KONTOR_STORE_MIGRATE) to migrate it`,
  });
}

/**
 * The stores of an existing store for a command that only reads it (`kontor audit verify`): opened read-only (SQLite
 * read-only, PostgreSQL read-only transactions: database.ts), no migration and no level check (the caller checked the
 * level it reads). Every write through them fails.
 */
export async function openStoresForReading(config: StoreConfig, clock: Clock): Promise<Stores> {
  const database = await openDatabase(config, { readOnly: true }).catch((error: unknown) => {
    throw storeOpenError(config, error, 'opening');
  });
  return storesOn(database, clock);
}

/** A negotiation's `keepAgreement` (the consumer's FINALIZED) is stored in the transaction of its save. */
const keptAgreement = (database: Database): SaveCompanion<ContractNegotiation> => ({
  take: (n) => {
    const { keepAgreement, ...rest } = n;
    if (!keepAgreement) return { rest: n };
    return { rest, write: (trx) => new AgreementSqlStore({ ...database, db: trx }).keep(keepAgreement) };
  },
});

/** `logger`: where a sealed value that does not open (STORE_INTEGRITY) is logged, naming its table, column and row. */
export function storesOn(database: Database, clock: Clock, cipher?: FieldCipher, logger?: Logger): Stores {
  const audit = new SqlAuditStore(database);
  const fields = cipher && logger ? loggingBroken(cipher, logger) : cipher;
  return {
    assets: createAssetSqlStore(database, clock, fields),
    policies: createPolicyDefinitionSqlStore(database, clock),
    contractDefinitions: createContractDefinitionSqlStore(database, clock),
    negotiations: new SqlStateEntityStore<ContractNegotiation>(database, 'contract_negotiations', 'negotiation', clock, 'negotiation', keptAgreement(database)),
    agreements: new AgreementSqlStore(database),
    transfers: new SqlStateEntityStore<TransferProcess>(database, 'transfer_processes', 'transfer process', clock, 'transfer'),
    transferUses: new TransferUseLedgerSqlStore(database, clock),
    authority: new AuthoritySqlStore(database, clock),
    heldCredentials: new HeldCredentialSqlStore(database),
    webhooks: new WebhookSqlStore(database, fields),
    webhookDeliveries: new SqlStateEntityStore<WebhookDelivery>(database, 'webhook_deliveries', 'webhook delivery', clock),
    suspensions: new SqlSuspensionStore(database, clock),
    audit,
    offerCredentials: new OfferCredentialSqlStore(database),
    federation: new FederationSqlStore(database),
    siteSessions: new SiteSessionSqlStore(database, clock),
    trainings: new TrainingSqlStore(database, clock),
    afterWork: new SqlAfterWorkStore(database, clock),
    privacyLedger: new PrivacyLedgerSqlStore(database, clock),
    dutyTimers: new SqlDutyTimerStore(database, clock),
    artifactKeys: (kek) => new SqlArtifactKeyStore(database, clock, kek, logger),
    replayCache: new SqlReplayCache(database, clock),
    problem: () => databaseProblem(database),
    ...withDatabaseClock(database),
    registerGauges: (registry, gaugeClock) => registerStoreGauges(registry, database, gaugeClock),
    clusterBus: (store, origin, logger) => createClusterBus(store, database, origin, logger),
    replicaSeat: (settings, deps) => takeReplicaSeat(database, settings, deps),
    changeRecorder: (wake) => sqlChangeRecorder(database, clock, (db) => storesOn(db, clock, cipher, logger), wake),
    stateChangeRelay: (deps) => new StateChangeRelay({ ...deps, database, auditStore: audit }),
    modelUseLedger: (log, at) => new ModelUseLedgerSqlStore(database, audit, log, at),
    receivedReceipts: (log) => new ReceivedReceiptSqlStore(database, audit, log),
    close: () => database.close(),
  };
}

const withDatabaseClock = (database: Database): { databaseNow?: () => Promise<number> } => {
  const databaseNow = databaseClock(database);
  return databaseNow ? { databaseNow } : {};
};
