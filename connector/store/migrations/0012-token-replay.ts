import type { Migration } from './migration.js';

const statements = [
  `CREATE TABLE token_replay (
    issuer TEXT NOT NULL,
    jti TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (issuer, jti))`,
  'CREATE INDEX token_replay_expiry ON token_replay(expires_at)',
];

/** Self-issued token ids already spent, per issuer, until the token expires: replay protection every replica shares. */
export const tokenReplay: Migration = { version: 12, name: 'token-replay', sqlite: statements, postgres: statements };
