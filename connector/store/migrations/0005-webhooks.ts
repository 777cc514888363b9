import { stateTableColumns } from './0002-state-entities.js';
import type { Migration } from './migration.js';

function statements(json: string): string[] {
  return [
    `CREATE TABLE webhooks (
      id TEXT PRIMARY KEY,
      url TEXT NOT NULL,
      events TEXT NOT NULL,
      secret TEXT NOT NULL,
      created_at BIGINT NOT NULL)`,
    `CREATE TABLE webhook_deliveries (${stateTableColumns(json)})`,
    'CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at)',
  ];
}

/** Webhook subscriptions and their durable, retried deliveries. */
export const webhooks: Migration = { version: 5, name: 'webhooks', sqlite: statements('TEXT'), postgres: statements('JSONB') };
