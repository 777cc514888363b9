import type { Migration } from './migration.js';

const statements = [
  'ALTER TABLE fl_site_sessions ADD COLUMN last_round INTEGER NOT NULL DEFAULT 0',
  'ALTER TABLE fl_site_sessions ADD COLUMN last_evaluation INTEGER NOT NULL DEFAULT 0',
  'UPDATE fl_site_sessions SET last_round = rounds_done, last_evaluation = evaluations_done',
];

/**
 * The site's last served round numbers beside its served-round counts: a site that missed rounds may serve a later
 * one (the counts stay the round budget), while a round at or below the last served one is refused. Existing sessions
 * start from their counts, which equalled the last served rounds while rounds could not be skipped.
 */
export const siteSessionRounds: Migration = { version: 10, name: 'site-session-rounds', sqlite: statements, postgres: statements };
