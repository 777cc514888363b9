import type { Migration } from './migration.js';

const statements = [
  `CREATE TABLE fl_privacy_spend (
    agreement_id TEXT PRIMARY KEY,
    delta DOUBLE PRECISION NOT NULL,
    epsilon DOUBLE PRECISION NOT NULL,
    rdp TEXT NOT NULL,
    rounds INTEGER NOT NULL,
    updated_at BIGINT NOT NULL)`,
];

/** The site's privacy ledger: per agreement, the RDP curve and ε spent at its δ (fl:epsilon / fl:delta budgets). */
export const privacyLedger: Migration = { version: 17, name: 'privacy-ledger', sqlite: statements, postgres: statements };
