import type { Violation } from '../../core/index.js';
import type { KontorConfig } from './kontor-config.js';

type Config = Pick<KontorConfig, 'store' | 'identity' | 'dataPlane' | 'usage'>;

/** The secrets every replica on one schema must hold alike, and how to give each. */
const SHARED_SECRETS: readonly { key: string; how: string; value: (config: Config) => string | undefined }[] = [
  { key: 'dataPlane.tokenSecret', how: 'KONTOR_DATA_TOKEN_SECRET or KONTOR_DATA_TOKEN_SECRET_FILE', value: (c) => c.dataPlane.tokenSecret },
  { key: 'usage.artifactKek', how: 'KONTOR_ARTIFACT_KEK or KONTOR_ARTIFACT_KEK_SECRET_FILE', value: (c) => c.usage.artifactKek },
];

/**
 * A connector on PostgreSQL with the DCP identity (a production connector, which a second replica may join at any
 * time) must set the secrets its replicas share: one made up per process (a random token secret, a KEK file generated
 * at first use) cannot be shared. Refused here, by `kontor config` as by `kontor start`, before the database is touched;
 * not for a secret in `refused` (one given in a way already reported: its problem says what is wrong).
 */
export function checkReplicaSecrets(config: Config, problems: Violation[], refused: ReadonlySet<string> = new Set()): void {
  if (config.store.kind !== 'postgres' || config.identity.kind !== 'dcp') return;
  for (const { key, how, value } of SHARED_SECRETS) {
    if (value(config) !== undefined || refused.has(key)) continue;
    problems.push({ pointer: key, message: `is required on PostgreSQL with identity.kind dcp: set it (${how}), the same on every replica of the schema` });
  }
}
