import type { Migration } from './migration.js';

const statements = [
  `CREATE TABLE fl_after_work (
    training_id TEXT PRIMARY KEY,
    owner TEXT,
    lease_expires_at BIGINT,
    done_at BIGINT)`,
  'CREATE INDEX fl_after_work_pending ON fl_after_work(done_at, training_id)',
  // Trainings that ended before this migration: their after-work is checked once by the next recovery.
  "INSERT INTO fl_after_work (training_id) SELECT id FROM fl_trainings WHERE state IN ('COMPLETED', 'STOPPED', 'FAILED')",
];

/**
 * The after-work of each ended training as a durable to-do (training-after-work.ts): a row written in the transaction
 * that saves the training in an ended state, claimed for a while by the process that does the work (so that two
 * replicas never both do it), and marked done when all of it succeeded. The recovery reads only rows not done.
 */
export const trainingAfterWork: Migration = { version: 21, name: 'training-after-work', sqlite: statements, postgres: statements };
