import type { Violation } from '../../core/index.js';

type Get = <T>(key: string) => T;

/** Settings read only when another setting says so; given otherwise, they would be accepted and ignored. */
interface Dependent {
  keys: readonly string[];
  /** The setting that decides whether they are read: when it was refused itself, its fallback proves nothing. */
  governs: string;
  used: (get: Get) => boolean;
  message: string;
}

const DEPENDENTS: readonly Dependent[] = [
  {
    keys: ['store.url', 'store.urlFile', 'store.schema', 'store.poolSize'],
    governs: 'store.kind',
    used: (get) => get('store.kind') === 'postgres',
    message: 'is used only with store.kind postgres: set store.kind (KONTOR_STORE_KIND=postgres), or unset it to run on SQLite (store.path)',
  },
  {
    keys: ['store.path', 'store.busyTimeoutMs', 'store.lockWaitMs'],
    governs: 'store.kind',
    used: (get) => get('store.kind') === 'sqlite',
    message: 'is used only with store.kind sqlite (PostgreSQL has no file and waits for locks on the server): unset it, or unset store.kind postgres to run on SQLite',
  },
  {
    keys: ['authority.p256KeyFile'],
    governs: 'authority.keyType',
    used: (get) => get('authority.keyType') === 'P-256',
    message: 'is used only with authority.keyType P-256 (an Ed25519 authority signs with the identity.keyFile key)',
  },
  {
    keys: ['usage.artifactKekFile'],
    governs: 'usage.artifactKek',
    used: (get) => get('usage.artifactKek') === undefined,
    message: 'keeps a generated key-encryption key and is used only when usage.artifactKek is unset: give the key one way',
  },
  {
    keys: ['training.localTrainerTimeoutMs'],
    governs: 'training.localTrainer',
    used: (get) => get<readonly string[]>('training.localTrainer').length > 0,
    message: 'is used only with training.localTrainer (the built-in trainer has no timeout of its own)',
  },
];

/**
 * Refuses each setting given (file, environment or override) where nothing reads it, naming it and what it needs;
 * and `catalog.federation.directory` without the DCP identity and the authority whose directory it reads.
 */
export function checkDependentSettings(get: Get, given: (key: string) => boolean, problems: Violation[]): void {
  const refused = (key: string) => problems.some((p) => p.pointer === key || p.pointer.startsWith(`${key} `));
  for (const { keys, governs, used, message } of DEPENDENTS) {
    if (used(get) || refused(governs)) continue;
    for (const key of keys.filter((k) => given(k) && !refused(k))) problems.push({ pointer: key, message });
  }
  if (get('catalog.federation.directory') === true && (get('identity.kind') !== 'dcp' || get('identity.authorityUrl') === undefined)) {
    problems.push({
      pointer: 'catalog.federation.directory',
      message: "needs identity.kind dcp and identity.authorityUrl (KONTOR_AUTHORITY_URL): it crawls the participants the authority's directory lists",
    });
  }
}
