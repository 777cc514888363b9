import type { Migration } from './migration.js';

const MESSAGE = 'an audit_log seq must be a whole number of at least 1 (the chain starts at 1)';

/**
 * Only rows the hash chain can hold may be inserted into the audit log: `seq` a whole number ≥ 1. SQLite's
 * `BIGINT PRIMARY KEY` takes NULL, text, reals and numbers ≤ 0 alike, and the triggers of migration 8 refuse only
 * UPDATE and DELETE, so a row inserted by hand outside the chain would be listed without verification ever reading
 * it. SQLite cannot add a CHECK to a table, so a trigger refuses such an INSERT; PostgreSQL's BIGINT already refuses
 * NULL and text, and a CHECK refuses the rest (NOT VALID: a row inserted before this migration does not stop the
 * upgrade; `audit verify` names it).
 */
export const auditSeqGuard: Migration = {
  version: 24,
  name: 'audit-seq-guard',
  sqlite: [
    `CREATE TRIGGER audit_log_seq_in_chain BEFORE INSERT ON audit_log
      WHEN typeof(NEW.seq) != 'integer' OR NEW.seq < 1
      BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END`,
  ],
  postgres: ['ALTER TABLE audit_log ADD CONSTRAINT audit_log_seq_in_chain CHECK (seq >= 1) NOT VALID'],
};
