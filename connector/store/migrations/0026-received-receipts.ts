import type { Migration } from './migration.js';

const table = `CREATE TABLE usage_received_receipts (
  agreement_id TEXT NOT NULL,
  receipt_id TEXT NOT NULL,
  transfer_id TEXT,
  proof_value TEXT,
  PRIMARY KEY (agreement_id, receipt_id))`;

const columns = 'INSERT INTO usage_received_receipts (agreement_id, receipt_id, transfer_id, proof_value)';

/** A member of the `deletion` entry's data as text when it is a JSON string, else NULL (SQLite; data checked valid first). */
const sqliteText = (path: string) => `CASE WHEN json_type(data, '${path}') = 'text' THEN json_extract(data, '${path}') END`;
const sqliteProof = `CASE json_type(data, '$.receipt.proof') WHEN 'array' THEN ${sqliteText('$.receipt.proof[0].proofValue')} WHEN 'object' THEN ${sqliteText('$.receipt.proof.proofValue')} END`;

/** The same on PostgreSQL, over `doc` (the data parsed, NULL when it does not parse). */
const pgText = (path: string) => `CASE WHEN jsonb_typeof(doc #> '${path}') = 'string' THEN doc #>> '${path}' END`;
const pgProof = `CASE jsonb_typeof(doc #> '{receipt,proof}') WHEN 'array' THEN ${pgText('{receipt,proof,0,proofValue}')} WHEN 'object' THEN ${pgText('{receipt,proof,proofValue}')} END`;

/**
 * The deletion receipts a site received, one row per (agreement, credential id): the key the store itself refuses a
 * second time, so that two deliveries of one receipt arriving at two replicas at the same moment record it once (the
 * acceptance inserts with ON CONFLICT DO NOTHING in the transaction that appends its `deletion` audit entry). Filled
 * from the receipts already in the audit log (entries with `receivedFrom` and a string receipt id), in log order: when
 * replicas had recorded one receipt twice, the first is kept and the others stay in the log only (the hash chain
 * keeps every entry). A row edited into invalid JSON is passed over instead of failing the migration.
 */
export const receivedReceipts: Migration = {
  version: 26,
  name: 'received-receipts',
  sqlite: [
    table,
    `${columns}
      SELECT agreement_id, receipt_id, transfer_id, proof_value FROM (
        SELECT seq, agreement_id,
          ${sqliteText('$.receipt.id')} AS receipt_id,
          ${sqliteText('$.receipt.credentialSubject.transfer')} AS transfer_id,
          ${sqliteProof} AS proof_value,
          ${sqliteText('$.receivedFrom')} AS received_from
        FROM audit_log
        WHERE type = 'deletion' AND agreement_id IS NOT NULL AND typeof(seq) = 'integer' AND seq >= 1
          AND (CASE WHEN json_valid(data) THEN json_type(data, '$.receipt') = 'object' ELSE 0 END))
      WHERE receipt_id IS NOT NULL AND received_from IS NOT NULL
      ORDER BY seq
      ON CONFLICT DO NOTHING`,
  ],
  postgres: [
    table,
    `CREATE FUNCTION kontor_json_or_null(doc TEXT) RETURNS JSONB LANGUAGE plpgsql IMMUTABLE AS $$
      BEGIN RETURN doc::jsonb; EXCEPTION WHEN others THEN RETURN NULL; END $$`,
    `${columns}
      SELECT agreement_id, receipt_id, transfer_id, proof_value FROM (
        SELECT seq, agreement_id,
          ${pgText('{receipt,id}')} AS receipt_id,
          ${pgText('{receipt,credentialSubject,transfer}')} AS transfer_id,
          ${pgProof} AS proof_value,
          ${pgText('{receivedFrom}')} AS received_from
        FROM (SELECT seq, agreement_id, kontor_json_or_null(data) AS doc FROM audit_log
              WHERE type = 'deletion' AND agreement_id IS NOT NULL AND seq >= 1) parsed
        WHERE jsonb_typeof(doc -> 'receipt') = 'object') received
      WHERE receipt_id IS NOT NULL AND received_from IS NOT NULL
      ORDER BY seq
      ON CONFLICT DO NOTHING`,
    'DROP FUNCTION kontor_json_or_null(TEXT)',
  ],
};
