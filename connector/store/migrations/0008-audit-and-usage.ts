import type { Migration } from './migration.js';

const APPEND_ONLY = 'the audit log is append-only';

function tables(): string[] {
  return [
    `CREATE TABLE audit_log (
      seq BIGINT PRIMARY KEY,
      at TEXT NOT NULL,
      type TEXT NOT NULL,
      agreement_id TEXT,
      actor TEXT NOT NULL,
      data TEXT NOT NULL,
      prev_hash TEXT NOT NULL UNIQUE,
      hash TEXT NOT NULL)`,
    'CREATE INDEX audit_log_agreement ON audit_log(agreement_id, seq)',
    `CREATE TABLE usage_artifact_keys (
      agreement_id TEXT NOT NULL,
      artifact_class TEXT NOT NULL,
      key_id TEXT NOT NULL UNIQUE,
      key_material TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (agreement_id, artifact_class))`,
    `CREATE TABLE usage_duty_timers (
      id TEXT PRIMARY KEY,
      agreement_id TEXT NOT NULL,
      action TEXT NOT NULL,
      due_at BIGINT NOT NULL,
      state TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      payload TEXT NOT NULL,
      last_error TEXT,
      lease_owner TEXT,
      lease_expires_at BIGINT,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL)`,
    'CREATE INDEX usage_duty_timers_due ON usage_duty_timers(state, due_at)',
    'CREATE INDEX usage_duty_timers_agreement ON usage_duty_timers(agreement_id)',
  ];
}

/**
 * The hash-chained audit log (connector/audit; UPDATE and DELETE refused by triggers), the
 * crypto-shredding keys per (agreement, artifact class) and the durable duty timers (connector/usage).
 */
export const auditAndUsage: Migration = {
  version: 8,
  name: 'audit-and-usage',
  sqlite: [
    ...tables(),
    `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END`,
    `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END`,
  ],
  postgres: [
    ...tables(),
    `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${APPEND_ONLY}'; END $$`,
    'CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()',
  ],
};
