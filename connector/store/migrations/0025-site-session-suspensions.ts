import type { Migration } from './migration.js';

const statements = ['ALTER TABLE fl_site_sessions ADD COLUMN suspensions INTEGER NOT NULL DEFAULT 0'];

/**
 * How often a site's training transfer was suspended: a suspension pauses the session ('suspended', its counters kept)
 * and a training session token opened before it is refused after the resume, on every replica (the tokens live in
 * each replica's memory; the count is what they all read).
 */
export const siteSessionSuspensions: Migration = { version: 25, name: 'site-session-suspensions', sqlite: statements, postgres: statements };
