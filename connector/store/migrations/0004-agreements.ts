import type { Migration } from './migration.js';

function statements(json: string): string[] {
  return [
    `CREATE TABLE contract_agreements (
      id TEXT PRIMARY KEY,
      negotiation_id TEXT NOT NULL,
      assigner TEXT NOT NULL,
      assignee TEXT NOT NULL,
      asset_id TEXT NOT NULL,
      signed_at BIGINT NOT NULL,
      status TEXT NOT NULL,
      revoked_at BIGINT,
      body ${json} NOT NULL)`,
    'CREATE INDEX contract_agreements_assignee ON contract_agreements(assignee)',
    'CREATE INDEX contract_agreements_assigner ON contract_agreements(assigner)',
  ];
}

/** Contract agreements (both roles keep theirs). */
export const agreements: Migration = { version: 4, name: 'agreements', sqlite: statements('TEXT'), postgres: statements('JSONB') };
