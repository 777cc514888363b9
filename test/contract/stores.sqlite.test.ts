import { describe } from 'vitest';
import { agreementStoreContract } from './agreement-store.contract.js';
import { auditStoreContract } from './audit-store.contract.js';
import { authorityStoreContract } from './authority-store.contract.js';
import { replayCacheContract } from './replay-cache.contract.js';
import { resourceStoreContract } from './resource-stores.contract.js';
import { stateEntityStoreContract } from './state-entity-store.contract.js';
import { stateChangeOutboxContract } from './state-change-outbox.contract.js';
import { siteSessionStoreContract } from './site-session-store.contract.js';
import { privacyLedgerStoreContract } from './privacy-ledger-store.contract.js';
import { suspensionStoreContract } from './suspension-store.contract.js';
import { usageStoresContract } from './usage-stores.contract.js';
import { modelUseContract } from './model-use.contract.js';
import { transferUseContract } from './transfer-use.contract.js';
import { trainingStoreContract } from './training-store.contract.js';
import { afterWorkStoreContract } from './after-work-store.contract.js';
import { receivedReceiptContract } from './received-receipt.contract.js';
import { sealedValuesContract } from './sealed-values.contract.js';
import { webhookDeliveriesContract } from './webhook-deliveries.contract.js';

// Each contract in a describe of its own, so that its beforeEach (a fresh, migrated database) runs for its own
// tests only: at the file's top level every contract's hook ran before every test of the file.
describe('stores on SQLite', () => {
  describe('resource stores', () => resourceStoreContract('sqlite'));
  describe('state entity store', () => stateEntityStoreContract('sqlite'));
  describe('state-change outbox store', () => stateChangeOutboxContract('sqlite'));
  describe('authority store', () => authorityStoreContract('sqlite'));
  describe('agreement store', () => agreementStoreContract('sqlite'));
  describe('audit store', () => auditStoreContract('sqlite'));
  describe('usage stores', () => usageStoresContract('sqlite'));
  describe('suspension store', () => suspensionStoreContract('sqlite'));
  describe('site session store', () => siteSessionStoreContract('sqlite'));
  describe('replay cache', () => replayCacheContract('sqlite'));
  describe('model-use store', () => modelUseContract('sqlite'));
  describe('transfer-use store', () => transferUseContract('sqlite'));
  describe('training store', () => trainingStoreContract('sqlite'));
  describe('after-work store', () => afterWorkStoreContract('sqlite'));
  describe('privacy ledger store', () => privacyLedgerStoreContract('sqlite'));
  describe('received receipts store', () => receivedReceiptContract('sqlite'));
  describe('sealed values', () => sealedValuesContract('sqlite'));
  describe('webhook deliveries', () => webhookDeliveriesContract('sqlite'));
});
