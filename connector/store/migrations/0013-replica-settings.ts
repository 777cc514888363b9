import type { Migration } from './migration.js';

const statements = [
  `CREATE TABLE replica_settings (
    setting TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    registered_at BIGINT NOT NULL)`,
];

/** Fingerprints (never the values) of the settings every replica on one schema must share (connector/replicas). */
export const replicaSettings: Migration = { version: 13, name: 'replica-settings', sqlite: statements, postgres: statements };
