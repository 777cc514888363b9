import type { Migration } from './migration.js';

const statements = [
  `CREATE TABLE transfer_use_counts (
    agreement_id TEXT PRIMARY KEY,
    uses BIGINT NOT NULL,
    updated_at BIGINT NOT NULL)`,
  `CREATE TABLE transfer_uses (
    transfer_id TEXT PRIMARY KEY,
    agreement_id TEXT NOT NULL,
    use_number BIGINT NOT NULL,
    claimed_at BIGINT NOT NULL,
    UNIQUE (agreement_id, use_number))`,
];

/**
 * The uses of each agreement by transfers (docs/decisions/0040-transfer-use-counting.md): `transfer_use_counts` holds,
 * per agreement, the transfer processes the provider accepted under it, claimed in the transaction that decides the
 * request (TransferUseLedgerSqlStore); `transfer_uses` the use number each of them claimed, so that a copy of a request
 * claims none of its own. Counting starts here: a transfer accepted before it held no use, and none could be accepted
 * under a `count` of uses (the constraint failed closed in scope `transfer`).
 */
export const transferUses: Migration = { version: 22, name: 'transfer-uses', sqlite: statements, postgres: statements };
