import type { Migration } from './migration.js';

const resourceColumns = (json: string) => `
  id TEXT PRIMARY KEY,
  body ${json} NOT NULL,
  search_text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL`;

function statements(json: string): string[] {
  return [
    `CREATE TABLE assets (${resourceColumns(json)}, keywords_text TEXT NOT NULL, media_type TEXT)`,
    `CREATE TABLE policy_definitions (${resourceColumns(json)})`,
    `CREATE TABLE contract_definitions (${resourceColumns(json)},
      access_policy_id TEXT NOT NULL REFERENCES policy_definitions(id),
      contract_policy_id TEXT NOT NULL REFERENCES policy_definitions(id))`,
    'CREATE INDEX contract_definitions_access_policy ON contract_definitions(access_policy_id)',
    'CREATE INDEX contract_definitions_contract_policy ON contract_definitions(contract_policy_id)',
    `CREATE TABLE contract_definition_assets (
      definition_id TEXT NOT NULL REFERENCES contract_definitions(id) ON DELETE CASCADE,
      asset_id TEXT NOT NULL,
      PRIMARY KEY (definition_id, asset_id))`,
    'CREATE INDEX contract_definition_assets_asset ON contract_definition_assets(asset_id)',
  ];
}

/** Assets, policy definitions, contract definitions, and the asset references that block deletion. */
export const catalogResources: Migration = {
  version: 1,
  name: 'catalog-resources',
  sqlite: statements('TEXT'),
  postgres: statements('JSONB'),
};
