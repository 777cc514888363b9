import { createHash, randomBytes } from 'node:crypto';
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConnectorError, makeFolders } from '../../core/index.js';

/** A key-encryption key: wraps the artifact data keys so the database never holds them in the clear. Secret. */
export interface KeyEncryptionKey {
  /** Derived from the key (a fingerprint), so the same KEK has the same id wherever it comes from. */
  readonly kekId: string;
  /** 32 bytes, AES-256-GCM. */
  readonly key: Buffer;
}

/** Where the KEKs come from. `current` wraps new data keys; `find` unwraps (old KEKs stay findable after a rotation). */
export interface KekSource {
  current(): Promise<KeyEncryptionKey>;
  find(kekId: string): Promise<KeyEncryptionKey | undefined>;
  /** The ids held, for error messages. */
  ids(): Promise<readonly string[]>;
}

/**
 * The KEK as configured: a secret (base64 of 32 bytes) wins; otherwise the file, created on first use when it is at
 * its default path. A file named explicitly (`fileGiven`, usage.artifactKekFile) must exist: a mistyped path is
 * refused, not filled with a new key that cannot read what the store holds sealed.
 */
export interface ArtifactKekSettings {
  readonly file: string;
  readonly secret?: string | undefined;
  readonly fileGiven?: boolean | undefined;
}

const KEK_BYTES = 32;
const invalid = (detail: string, cause?: unknown) => new ConnectorError('CONFIG_INVALID', { detail, ...(cause === undefined ? {} : { cause }) });

export function kekOf(key: Buffer): KeyEncryptionKey {
  if (key.length !== KEK_BYTES) throw invalid(`an artifact key-encryption key must be ${KEK_BYTES} bytes`);
  const kekId = `kek-${createHash('sha256').update('kontor-artifact-kek-id\0').update(key).digest('hex').slice(0, 16)}`;
  return { kekId, key: Buffer.from(key) };
}

/** KEKs held in memory; the first is current. */
export function staticKeks(...keks: KeyEncryptionKey[]): KekSource {
  const [first] = keks;
  if (!first) throw invalid('at least one artifact key-encryption key is needed');
  return {
    current: async () => first,
    find: async (kekId) => keks.find((k) => k.kekId === kekId),
    ids: async () => keks.map((k) => k.kekId),
  };
}

/** A KEK given as a secret: base64 (or base64url) of 32 random bytes, e.g. `openssl rand -base64 32`. */
export function kekFromSecret(secret: string): KekSource {
  return staticKeks(kekOf(decodeKek(secret.trim(), 'the artifact key-encryption key secret')));
}

function decodeKek(text: string, what: string): Buffer {
  const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0); // Node reads both alphabets
  if (bytes.length !== KEK_BYTES) throw invalid(`${what} must be base64 of ${KEK_BYTES} bytes`);
  return bytes;
}

interface KekFileContent {
  version: 1;
  keys: { kekId: string; key: string }[];
}

/**
 * The KEK file (JSON, mode 0600, folder 0700), created with one random KEK on first use and reused after; with
 * `mustExist` (a file named in usage.artifactKekFile) a missing file is refused with CONFIG_INVALID and none is created.
 * Like the signing-key file: refused when group or others may read it, or when it does not parse; messages
 * never hold key material. Opened once (lazily); the first key is current, the others only unwrap.
 */
export function kekFile(path: string, o: { mustExist?: boolean } = {}): KekSource {
  const full = resolve(path);
  let opened: Promise<KekSource> | undefined;
  const open = () => {
    opened ??= openKekFile(full, o.mustExist === true).catch((error: unknown) => {
      opened = undefined; // retry on the next use (a fixed permission, a mounted volume)
      throw error;
    });
    return opened;
  };
  return {
    current: async () => (await open()).current(),
    find: async (kekId) => (await open()).find(kekId),
    ids: async () => (await open()).ids(),
  };
}

/** The secret when set, else the file. */
export function kekSourceFrom(settings: ArtifactKekSettings): KekSource {
  return settings.secret !== undefined && settings.secret !== '' ? kekFromSecret(settings.secret) : kekFile(settings.file, { mustExist: settings.fileGiven === true });
}

async function openKekFile(path: string, mustExist: boolean): Promise<KekSource> {
  try {
    const info = await stat(path);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0)
      throw invalid(`artifact KEK file ${path}: mode ${(info.mode & 0o777).toString(8)} lets others read it; run chmod 600`);
    return parseKekFile(path, await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw error instanceof ConnectorError ? error : invalid(`artifact KEK file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, error);
  }
  if (mustExist)
    throw invalid(
      `usage.artifactKekFile (KONTOR_ARTIFACT_KEK_FILE) ${path}: the KEK file does not exist; give the file you used before, or unset the setting to let the connector create one at the default path`,
    );
  await createKekFile(path);
  return openKekFile(path, mustExist);
}

/** Written to a temporary file, then linked into place: readers never see a half-written file, and of racing creators one wins. */
async function createKekFile(path: string): Promise<void> {
  const key = kekOf(randomBytes(KEK_BYTES));
  const content: KekFileContent = { version: 1, keys: [{ kekId: key.kekId, key: key.key.toString('base64') }] };
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await makeFolders(dirname(path));
    await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await link(temporary, path).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process created it first: use theirs
    });
  } catch (error) {
    throw invalid(`artifact KEK file ${path} cannot be created (${(error as NodeJS.ErrnoException).code ?? 'error'})`, error);
  } finally {
    await unlink(temporary).catch(() => undefined);
    key.key.fill(0);
  }
}

function parseKekFile(path: string, text: string): KekSource {
  let content: KekFileContent;
  try {
    content = JSON.parse(text) as KekFileContent;
  } catch {
    throw invalid(`artifact KEK file ${path}: not valid JSON`);
  }
  if (content?.version !== 1 || !Array.isArray(content.keys) || content.keys.length === 0) throw invalid(`artifact KEK file ${path}: expected {version: 1, keys: [...]}`);
  return staticKeks(
    ...content.keys.map((entry, i) => {
      const kek = kekOf(decodeKek(String(entry?.key ?? ''), `artifact KEK file ${path}: key #${i}`));
      if (entry.kekId !== kek.kekId) throw invalid(`artifact KEK file ${path}: key #${i} does not match its id ${String(entry.kekId)}`);
      return kek;
    }),
  );
}
