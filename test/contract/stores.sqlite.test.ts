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

describe('stores on SQLite', () => {
  resourceStoreContract('sqlite');
  stateEntityStoreContract('sqlite');
  stateChangeOutboxContract('sqlite');
  authorityStoreContract('sqlite');
  agreementStoreContract('sqlite');
  auditStoreContract('sqlite');
  usageStoresContract('sqlite');
  suspensionStoreContract('sqlite');
  siteSessionStoreContract('sqlite');
  replayCacheContract('sqlite');
  modelUseContract('sqlite');
  privacyLedgerStoreContract('sqlite');
});
