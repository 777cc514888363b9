import type { Migration } from './migration.js';

const statements = (json: string) => [
  `CREATE TABLE fl_training_metrics (
    training_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    body ${json} NOT NULL,
    PRIMARY KEY (training_id, idx))`,
];

/**
 * A training's per-round metrics, one row per round (`idx`: its place in the training's list), written once each
 * (training-sql-store.ts): the training's own row no longer carries them all and stays the same size however many
 * rounds it runs. Rows written before keep their metrics in their body until their next save moves them.
 */
export const trainingMetrics: Migration = { version: 20, name: 'training-metrics', sqlite: statements('TEXT'), postgres: statements('JSONB') };
