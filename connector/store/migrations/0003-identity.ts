import type { Migration } from './migration.js';

function statements(json: string): string[] {
  return [
    `CREATE TABLE authority_participants (
      did TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      registered_at BIGINT NOT NULL,
      revoked_at BIGINT,
      version INTEGER NOT NULL,
      body ${json} NOT NULL)`,
    `CREATE TABLE authority_status_lists (
      id TEXT PRIMARY KEY,
      next_index INTEGER NOT NULL,
      size INTEGER NOT NULL,
      revision INTEGER NOT NULL)`,
    `CREATE TABLE authority_credentials (
      id TEXT PRIMARY KEY,
      subject_did TEXT NOT NULL,
      type TEXT NOT NULL,
      status_list_id TEXT NOT NULL REFERENCES authority_status_lists(id),
      status_index INTEGER NOT NULL,
      issued_at BIGINT NOT NULL,
      valid_until BIGINT NOT NULL,
      revoked SMALLINT NOT NULL DEFAULT 0,
      body ${json} NOT NULL,
      UNIQUE (status_list_id, status_index))`,
    'CREATE INDEX authority_credentials_subject ON authority_credentials(subject_did)',
    `CREATE TABLE held_credentials (
      id TEXT PRIMARY KEY,
      issuer TEXT NOT NULL,
      types TEXT NOT NULL,
      valid_until BIGINT NOT NULL,
      received_at BIGINT NOT NULL,
      body ${json} NOT NULL)`,
  ];
}

/** The authority's participant registry, issued credentials and status lists; a holder's own credentials. */
export const identity: Migration = {
  version: 3,
  name: 'identity',
  sqlite: statements('TEXT'),
  postgres: statements('JSONB'),
};
