import { describe } from 'vitest';
import { TEST_PG_URL } from '../helpers/test-database.js';
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
// Skipped (and reported as skipped) when KONTOR_TEST_PG_URL is unset; CI always sets it.
describe.skipIf(!TEST_PG_URL)('stores on PostgreSQL (KONTOR_TEST_PG_URL)', () => {
  describe('resource stores', () => resourceStoreContract('postgres'));
  describe('state entity store', () => stateEntityStoreContract('postgres'));
  describe('state-change outbox store', () => stateChangeOutboxContract('postgres'));
  describe('authority store', () => authorityStoreContract('postgres'));
  describe('agreement store', () => agreementStoreContract('postgres'));
  describe('audit store', () => auditStoreContract('postgres'));
  describe('usage stores', () => usageStoresContract('postgres'));
  describe('suspension store', () => suspensionStoreContract('postgres'));
  describe('site session store', () => siteSessionStoreContract('postgres'));
  describe('replay cache', () => replayCacheContract('postgres'));
  describe('model-use store', () => modelUseContract('postgres'));
  describe('transfer-use store', () => transferUseContract('postgres'));
  describe('training store', () => trainingStoreContract('postgres'));
  describe('after-work store', () => afterWorkStoreContract('postgres'));
  describe('privacy ledger store', () => privacyLedgerStoreContract('postgres'));
  describe('received receipts store', () => receivedReceiptContract('postgres'));
  describe('sealed values', () => sealedValuesContract('postgres'));
  describe('webhook deliveries', () => webhookDeliveriesContract('postgres'));
});
