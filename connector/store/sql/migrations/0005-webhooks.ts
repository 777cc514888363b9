import type { Migration } from './migration.js';

function statements(json: string): string[] {
  return [
    `CREATE TABLE webhooks (
      id TEXT PRIMARY KEY,
      url TEXT NOT NULL,
      events TEXT NOT NULL,
      secret TEXT NOT NULL,
      created_at BIGINT NOT NULL)`,
    `CREATE TABLE webhook_deliveries (
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
      body ${json} NOT NULL)`,
    'CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at)',
  ];
}

/** Webhook subscriptions and their durable, retried deliveries. */
export const webhooks: Migration = { version: 5, name: 'webhooks', sqlite: statements('TEXT'), postgres: statements('JSONB') };
