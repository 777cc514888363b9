import { readFile } from 'node:fs/promises';
import type { KekSource } from '../config/artifact-kek.js';
import type { KontorConfig } from '../config/kontor-config.js';
import { kekSourceFrom } from '../usage/index.js';
import { settingFingerprint } from './setting-fingerprint.js';
import type { SharedSetting } from './shared-setting.js';
import { storageMarker } from './storage-marker.js';

type ReplicaConfig = Pick<KontorConfig, 'participantId' | 'publicApi' | 'dataPlane' | 'identity' | 'training' | 'usage'>;

/**
 * The settings every replica on one schema must share, and how each is fingerprinted: who the connector is and how it
 * authenticates callers (behind one address a request may land on any replica, so one replica with another participant
 * id, public URL, identity kind or trusted issuers would answer as another participant, or let a caller claim any
 * identity), the data-plane token secret (a token one replica issues is checked by another), the artifact
 * key-encryption key (data keys one wraps another unwraps), the key file (one DID, one set of keys), and the artifact
 * storage (compared by its marker, not its path).
 */
export function replicaSettings(config: ReplicaConfig): SharedSetting[] {
  const settings: SharedSetting[] = [
    ...identitySettings(config),
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
      // Every KEK held, not the current one alone: a replica missing an older KEK cannot open what it sealed.
      fingerprint: async () => settingFingerprint('usage.artifactKek', await heldKeks(kekSourceFrom({ file: config.usage.artifactKekFile, secret: config.usage.artifactKek }))),
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

/**
 * The KEKs a replica holds, as one value to fingerprint: the current key, then every key held (the current one too)
 * in id order. A replica holding the current key alone gives that key by itself, the value earlier builds registered,
 * so replicas with one KEK keep matching across an upgrade.
 */
async function heldKeks(source: KekSource): Promise<Buffer> {
  const current = await source.current();
  const ids = [...new Set(await source.ids())].sort();
  if (ids.length === 1 && ids[0] === current.kekId) return current.key;
  const keys = await Promise.all(ids.map(async (id) => (await source.find(id))?.key ?? Buffer.from(id)));
  return Buffer.concat([current.key, ...keys]);
}

/** Who the replicas are to their callers, for every identity kind: always set (a default is a value too). */
function identitySettings(config: ReplicaConfig): SharedSetting[] {
  const same = (setting: string, value: string): SharedSetting => ({
    setting,
    explicit: true,
    whenMissing: `set ${setting} as on the running replicas`,
    fingerprint: async () => settingFingerprint(setting, value),
  });
  return [
    same('participantId', config.participantId),
    same('publicApi.url', normalisedUrl(config.publicApi.url)),
    same('identity.kind', config.identity.kind),
    same('identity.trustedIssuers', trustedIssuersText(config.identity.trustedIssuers)),
  ];
}

/** The public URL as a caller reaches it: scheme and host lower-case, no default port, no trailing slash. */
function normalisedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`;
  } catch {
    return url;
  }
}

/** The trusted issuers in a canonical form: their order and the order of each one's types do not matter. */
function trustedIssuersText(issuers: ReplicaConfig['identity']['trustedIssuers']): string {
  const entries = issuers.map((i) => JSON.stringify([i.did, i.types === undefined ? null : [...new Set(i.types)].sort()]));
  return JSON.stringify([...new Set(entries)].sort());
}
