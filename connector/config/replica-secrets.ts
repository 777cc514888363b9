import type { Violation } from '../../core/index.js';
import type { KontorConfig } from './kontor-config.js';

type Config = Pick<KontorConfig, 'store' | 'identity' | 'dataPlane' | 'usage'>;

/** The secrets every replica on one schema must hold alike: when one is given, and how to give it. */
const SHARED_SECRETS: readonly { key: string; given: (config: Config, given: (key: string) => boolean) => boolean; how: (config: Config) => string }[] = [
  {
    key: 'dataPlane.tokenSecret',
    given: (c) => c.dataPlane.tokenSecret !== undefined,
    // A new value costs nothing: a per-process secret's tokens ended with that process anyway (consumers get new ones).
    how: () => 'set it (KONTOR_DATA_TOKEN_SECRET or KONTOR_DATA_TOKEN_SECRET_FILE), the same on every replica of the schema',
  },
  {
    key: 'usage.artifactKek',
    // An explicitly named KEK file is a shared source too: the replicas' settings check compares the key it holds.
    given: (c, given) => c.usage.artifactKek !== undefined || given('usage.artifactKekFile'),
    how: (c) =>
      'set it (KONTOR_ARTIFACT_KEK or KONTOR_ARTIFACT_KEK_SECRET_FILE), or name a KEK file with usage.artifactKekFile (KONTOR_ARTIFACT_KEK_FILE), ' +
      'the same on every replica of the schema (replicas then share that file: copy it to each). If this store was used before ' +
      `with a generated KEK file (by default ${c.usage.artifactKekFile}), give that file as usage.artifactKekFile, or its keys[0].key ` +
      'as usage.artifactKek, not a new key: asset data addresses, webhook secrets and artifact keys sealed with it cannot be read with another',
  },
];

/**
 * A connector on PostgreSQL with the DCP identity (a production connector, which a second replica may join at any
 * time) must set the secrets its replicas share: one made up per process (a random token secret, a KEK file generated
 * at a default place) cannot be shared. A KEK file named explicitly (usage.artifactKekFile) is accepted: it is the
 * operator's shared file, and the upgrade path of a store sealed under a generated one. Refused here, by `kontor
 * config` as by `kontor start`, before the database is touched; not for a secret in `refused` (one given in a way
 * already reported: its problem says what is wrong).
 */
export function checkReplicaSecrets(config: Config, problems: Violation[], refused: ReadonlySet<string> = new Set(), given: (key: string) => boolean = () => false): void {
  if (config.store.kind !== 'postgres' || config.identity.kind !== 'dcp') return;
  for (const secret of SHARED_SECRETS) {
    if (secret.given(config, given) || refused.has(secret.key)) continue;
    problems.push({ pointer: secret.key, message: `is required on PostgreSQL with identity.kind dcp: ${secret.how(config)}` });
  }
}
