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
import { trainingStoreContract } from './training-store.contract.js';
import { afterWorkStoreContract } from './after-work-store.contract.js';

// Skipped (and reported as skipped) when KONTOR_TEST_PG_URL is unset; CI always sets it.
describe.skipIf(!TEST_PG_URL)('stores on PostgreSQL (KONTOR_TEST_PG_URL)', () => {
  resourceStoreContract('postgres');
  stateEntityStoreContract('postgres');
  stateChangeOutboxContract('postgres');
  authorityStoreContract('postgres');
  agreementStoreContract('postgres');
  auditStoreContract('postgres');
  usageStoresContract('postgres');
  suspensionStoreContract('postgres');
  siteSessionStoreContract('postgres');
  replayCacheContract('postgres');
  modelUseContract('postgres');
  trainingStoreContract('postgres');
  afterWorkStoreContract('postgres');
  privacyLedgerStoreContract('postgres');
});
