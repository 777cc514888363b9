import type { Migration } from './migration.js';

const statements = [
  'ALTER TABLE fl_after_work ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0',
  'ALTER TABLE fl_after_work ADD COLUMN retry_at BIGINT',
  'ALTER TABLE fl_after_work ADD COLUMN last_error TEXT',
];

/**
 * The failures of a training's after-work (training-after-work.ts), counted: each failed attempt adds one to
 * `attempts`, keeps its reason in `last_error` and puts the next attempt off until `retry_at` (a back-off that
 * doubles from one minute to an hour), so that a site that stays unreachable is not called every minute for ever and
 * an operator sees which trainings' after-work is failing, and why (the training's `afterWork` in the management API).
 */
export const afterWorkRetries: Migration = { version: 23, name: 'after-work-retries', sqlite: statements, postgres: statements };
