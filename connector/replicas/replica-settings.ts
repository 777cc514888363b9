import { readFile } from 'node:fs/promises';
import type { KontorConfig } from '../config/kontor-config.js';
import { kekSourceFrom } from '../usage/index.js';
import { settingFingerprint } from './setting-fingerprint.js';
import type { SharedSetting } from './shared-setting.js';
import { storageMarker } from './storage-marker.js';

/**
 * The settings every replica on one schema must share, and how each is fingerprinted: the data-plane token secret
 * (a token one replica issues is checked by another), the artifact key-encryption key (data keys one wraps another
 * unwraps), the key file (one DID, one set of keys), and the artifact storage (compared by its marker, not its path).
 */
export function replicaSettings(config: Pick<KontorConfig, 'dataPlane' | 'identity' | 'training' | 'usage'>): SharedSetting[] {
  const settings: SharedSetting[] = [
    {
      setting: 'dataPlane.tokenSecret',
      whenMissing: 'set dataPlane.tokenSecret (KONTOR_DATA_TOKEN_SECRET or KONTOR_DATA_TOKEN_SECRET_FILE), the same on every replica',
      explicit: Boolean(config.dataPlane.tokenSecret),
      fingerprint: async () => (config.dataPlane.tokenSecret ? settingFingerprint('dataPlane.tokenSecret', config.dataPlane.tokenSecret) : undefined),
    },
    {
      setting: 'usage.artifactKek',
      whenMissing: 'set usage.artifactKek (KONTOR_ARTIFACT_KEK or KONTOR_ARTIFACT_KEK_SECRET_FILE), the same on every replica',
      // A KEK file is made up at first use on the machine that runs the process: not a shared value by itself.
      explicit: Boolean(config.usage.artifactKek),
      fingerprint: async () =>
        settingFingerprint('usage.artifactKek', (await kekSourceFrom({ file: config.usage.artifactKekFile, secret: config.usage.artifactKek }).current()).key),
    },
    {
      setting: 'training.artifactDir',
      explicit: true,
      whenMissing: `mount the artifact storage of the running replicas at training.artifactDir (${config.training.artifactDir} holds no storage marker)`,
      fingerprint: async (alone) => {
        const id = await storageMarker(config.training.artifactDir, alone);
        return id === undefined ? undefined : settingFingerprint('training.artifactDir', id);
      },
    },
  ];
  if (config.identity.kind === 'dcp') {
    settings.push({
      setting: 'identity.keyFile',
      explicit: true,
      whenMissing: `copy the key file of the running replicas to identity.keyFile (${config.identity.keyFile})`,
      fingerprint: async () => {
        const text = await readFile(config.identity.keyFile).catch(() => undefined);
        return text === undefined ? undefined : settingFingerprint('identity.keyFile', text);
      },
    });
  }
  return settings;
}
