import type { Migration } from './migration.js';

const columns = `kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL)`;

/**
 * State changes of negotiations and transfers, written in the transaction that saves the change and turned into
 * audit entries and webhook deliveries by the relay (connector/outbox), which deletes them in its own transaction.
 */
export const stateChangeOutbox: Migration = {
  version: 14,
  name: 'state-change-outbox',
  sqlite: [`CREATE TABLE state_change_outbox (\n    id INTEGER PRIMARY KEY AUTOINCREMENT,\n    ${columns}`],
  postgres: [`CREATE TABLE state_change_outbox (\n    id BIGSERIAL PRIMARY KEY,\n    ${columns}`],
};
