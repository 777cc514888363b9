import type { Migration } from './migration.js';

const APPEND_ONLY = 'the audit log is append-only';

const common = [
  'ALTER TABLE audit_log ADD COLUMN subject TEXT',
  'CREATE INDEX audit_log_subject ON audit_log(subject, seq)',
  `CREATE TABLE model_use_counts (
    agreement_id TEXT PRIMARY KEY,
    uses BIGINT NOT NULL,
    updated_at BIGINT NOT NULL)`,
  // The uses counted so far were the permitted model.use entries per agreement (JSON.stringify writes no spaces).
  `INSERT INTO model_use_counts (agreement_id, uses, updated_at)
    SELECT agreement_id, COUNT(*), 0 FROM audit_log
    WHERE type = 'model.use' AND agreement_id IS NOT NULL AND data LIKE '%"decision":"permit"%'
    GROUP BY agreement_id`,
];

/** A JSON member as text, guarded: a row edited into invalid JSON gets no subject instead of failing the migration. */
const sqliteMember = (member: string) => `CASE WHEN json_valid(data) THEN (CASE WHEN json_type(data, '$.${member}') = 'text' THEN json_extract(data, '$.${member}') END) END`;

/**
 * Atomic model use counts and the audit log's subject index (docs/model-result.md). `model_use_counts` holds, per
 * agreement, the model uses (predictions and exports) counted against the policy's `count`, claimed in the transaction
 * that decides them; it starts from the permitted `model.use` entries already in the log. `audit_log.subject` is what
 * an entry is about (a training's id), indexed with seq so that provenance and the model card read only their
 * training's entries; existing entries get it from their data (`trainingId` of model.use and model.provenance,
 * `transferId` of training.round), the append-only trigger set aside for that one update.
 */
export const modelUseCounts: Migration = {
  version: 18,
  name: 'model-use-counts',
  sqlite: [
    ...common,
    'DROP TRIGGER audit_log_no_update',
    `UPDATE audit_log SET subject = ${sqliteMember('trainingId')} WHERE type IN ('model.use', 'model.provenance')`,
    `UPDATE audit_log SET subject = ${sqliteMember('transferId')} WHERE type = 'training.round'`,
    `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END`,
  ],
  postgres: [
    ...common,
    `CREATE FUNCTION kontor_json_member(doc TEXT, member TEXT) RETURNS TEXT LANGUAGE plpgsql IMMUTABLE AS $$
      BEGIN RETURN doc::jsonb ->> member; EXCEPTION WHEN others THEN RETURN NULL; END $$`,
    'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only',
    `UPDATE audit_log SET subject = kontor_json_member(data, 'trainingId') WHERE type IN ('model.use', 'model.provenance')`,
    `UPDATE audit_log SET subject = kontor_json_member(data, 'transferId') WHERE type = 'training.round'`,
    'ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only',
    'DROP FUNCTION kontor_json_member(TEXT, TEXT)',
  ],
};
