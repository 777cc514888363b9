import type { AssetStore, ContractDefinitionStore, PolicyDefinitionStore } from '../../../catalog/index.js';
import type { Clock, Logger } from '../../../core/index.js';
import type { StoreConfig } from '../../config/kontor-config.js';
import type { StateEntityStore } from '../../statemachine/state-entity-store.js';
import type { AuthorityStore } from '../../authority/authority-store.js';
import type { AgreementStore } from '../../negotiation/agreement/contract-agreement.js';
import type { ContractNegotiation } from '../../negotiation/contract-negotiation.js';
import type { TransferProcess } from '../../transfer/transfer-process.js';
import { AgreementSqlStore } from './agreement-sql-store.js';
import type { WebhookDelivery, WebhookStore } from '../../webhooks/webhook.js';
import { WebhookSqlStore } from './webhook-sql-store.js';
import type { HeldCredentialStore } from '../../identity/runtime/held-credentials.js';
import { HeldCredentialSqlStore } from './held-credential-sql-store.js';
import { AuthoritySqlStore } from './authority-sql-store.js';
import { createAssetSqlStore } from './asset-sql-store.js';
import { createContractDefinitionSqlStore } from './contract-definition-sql-store.js';
import { openDatabase, type Database } from '../database.js';
import { migrate } from '../migrate.js';
import { createPolicyDefinitionSqlStore } from './policy-definition-sql-store.js';
import { translateSqlError } from '../sql-errors.js';
import { SqlStateEntityStore } from './sql-state-entity-store.js';
import type { FieldCipher, SuspensionStore } from '../../usage/index.js';
import { SqlSuspensionStore } from './sql-suspension-store.js';

export interface Stores {
  database: Database;
  assets: AssetStore;
  policies: PolicyDefinitionStore;
  contractDefinitions: ContractDefinitionStore;
  negotiations: StateEntityStore<ContractNegotiation>;
  agreements: AgreementStore;
  transfers: StateEntityStore<TransferProcess>;
  authority: AuthorityStore;
  heldCredentials: HeldCredentialStore;
  webhooks: WebhookStore;
  webhookDeliveries: StateEntityStore<WebhookDelivery>;
  /** Counterparties suspended for a breached duty or by the operator. */
  suspensions: SuspensionStore;
  close(): Promise<void>;
}

/**
 * Opens the configured database, migrates it (unless disabled) and builds every store on it. With a `cipher`, asset
 * data addresses and webhook secrets are sealed at rest; without one, sealed values cannot be read.
 */
export async function createStores(config: StoreConfig, deps: { clock: Clock; logger: Logger; cipher?: FieldCipher }): Promise<Stores> {
  const database = await openDatabase(config).catch((error: unknown) => {
    throw translateSqlError(error, `the ${config.kind} store`);
  });
  try {
    if (config.migrate) await migrate(database, deps);
  } catch (error) {
    await database.close();
    throw translateSqlError(error, `migrating the ${config.kind} store`);
  }
  return storesOn(database, deps.clock, deps.cipher);
}

export function storesOn(database: Database, clock: Clock, cipher?: FieldCipher): Stores {
  return {
    database,
    assets: createAssetSqlStore(database, clock, cipher),
    policies: createPolicyDefinitionSqlStore(database, clock),
    contractDefinitions: createContractDefinitionSqlStore(database, clock),
    negotiations: new SqlStateEntityStore<ContractNegotiation>(database, 'contract_negotiations', 'negotiation', clock, 'negotiation'),
    agreements: new AgreementSqlStore(database),
    transfers: new SqlStateEntityStore<TransferProcess>(database, 'transfer_processes', 'transfer process', clock, 'transfer'),
    authority: new AuthoritySqlStore(database, clock),
    heldCredentials: new HeldCredentialSqlStore(database),
    webhooks: new WebhookSqlStore(database, cipher),
    webhookDeliveries: new SqlStateEntityStore<WebhookDelivery>(database, 'webhook_deliveries', 'webhook delivery', clock),
    suspensions: new SqlSuspensionStore(database, clock),
    close: () => database.close(),
  };
}
