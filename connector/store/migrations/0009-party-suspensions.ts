import type { Migration } from './migration.js';

const table = `CREATE TABLE usage_suspensions (
  participant_id TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  source TEXT NOT NULL,
  agreement_id TEXT,
  created_at BIGINT NOT NULL)`;

/** Counterparties suspended for a breached duty (a deletion receipt that never came) or by the operator. */
export const partySuspensions: Migration = {
  version: 9,
  name: 'party-suspensions',
  sqlite: [table],
  postgres: [table],
};
