import type { Migration } from './migration.js';

/** The columns of a leased state-machine table (see SqlStateEntityStore), shared by every such table. */
export function stateTableColumns(json: string): string {
  return `
      id TEXT PRIMARY KEY,
      state TEXT NOT NULL,
      state_count INTEGER NOT NULL,
      state_timestamp BIGINT NOT NULL,
      next_attempt_at BIGINT NOT NULL,
      pending SMALLINT NOT NULL DEFAULT 0,
      error_detail TEXT,
      lease_owner TEXT,
      lease_expires_at BIGINT,
      version INTEGER NOT NULL,
      correlation_id TEXT,
      counter_party_id TEXT,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      body ${json} NOT NULL`;
}

function stateTable(name: string, json: string): string[] {
  return [
    `CREATE TABLE ${name} (${stateTableColumns(json)})`,
    `CREATE INDEX ${name}_due ON ${name}(state, next_attempt_at)`,
    `CREATE INDEX ${name}_correlation ON ${name}(correlation_id)`,
  ];
}

/** Claimable, leased state-machine entities: contract negotiations and transfer processes. */
export const stateEntities: Migration = {
  version: 2,
  name: 'state-entities',
  sqlite: [...stateTable('contract_negotiations', 'TEXT'), ...stateTable('transfer_processes', 'TEXT')],
  postgres: [...stateTable('contract_negotiations', 'JSONB'), ...stateTable('transfer_processes', 'JSONB')],
};
