import { stateTableColumns } from './0002-state-entities.js';
import type { Migration } from './migration.js';

function statements(json: string): string[] {
  return [
    `CREATE TABLE fl_site_sessions (
      transfer_id TEXT PRIMARY KEY,
      agreement_id TEXT NOT NULL,
      coordinator_did TEXT NOT NULL,
      asset_id TEXT NOT NULL,
      rounds_done INTEGER NOT NULL,
      evaluations_done INTEGER NOT NULL,
      used_tokens TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL)`,
    `CREATE TABLE fl_trainings (${stateTableColumns(json)})`,
    'CREATE INDEX fl_trainings_due ON fl_trainings(state, next_attempt_at)',
  ];
}

/** Federated training: the site's sessions with their atomic round counters, and the coordinator's trainings. */
export const federatedTraining: Migration = { version: 7, name: 'federated-training', sqlite: statements('TEXT'), postgres: statements('JSONB') };
