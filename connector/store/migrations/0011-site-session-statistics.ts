import type { Migration } from './migration.js';

const statements = [
  'ALTER TABLE fl_site_sessions ADD COLUMN last_statistics INTEGER NOT NULL DEFAULT 0',
  'ALTER TABLE fl_site_sessions ADD COLUMN statistics_done INTEGER NOT NULL DEFAULT 0',
];

/** The site's atomic counter of feature-statistics requests (federated scaling, served once, before round 1). */
export const siteSessionStatistics: Migration = { version: 11, name: 'site-session-statistics', sqlite: statements, postgres: statements };
