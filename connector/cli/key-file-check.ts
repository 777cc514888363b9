import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { ConnectorError } from '../../core/index.js';

/** The setting that names the key file, as a problem with it is said. */
const KEY_FILE_SETTING = 'identity.keyFile (KONTOR_KEY_FILE)';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'does not exist',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of its folder path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

/**
 * A failure to read or write the key file, naming the setting and the path (the file system's own message names neither
 * when a read fails: "EISDIR: illegal operation on a directory, read"). A ConnectorError (a file with the wrong mode,
 * one that is not a key file) is already said so and passes unchanged.
 */
export function keyFileError(path: string, error: unknown): unknown {
  if (error instanceof ConnectorError) return error;
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  const reason = REASONS[code] ?? (error as Error)?.message ?? String(error);
  return new ConnectorError('CONFIG_INVALID', { detail: `${KEY_FILE_SETTING} ${path}: ${reason}${code && REASONS[code] ? ` (${code})` : ''}`, cause: error });
}

/**
 * Checks, before a command opens the key file, that what is at `path` can be one: absent (opening creates it), or a
 * regular file this process can read. Throws keyFileError naming the setting and the path otherwise (a directory, a
 * path through a file, no permission); reads and creates nothing.
 */
export async function checkKeyFilePath(path: string): Promise<void> {
  const refused = (reason: string) => new ConnectorError('CONFIG_INVALID', { detail: `${KEY_FILE_SETTING} ${path}: ${reason}` });
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw refused('is a directory, not a key file');
    if (!info.isFile()) throw refused('is not a regular file');
    await access(path, constants.R_OK);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return;
    throw keyFileError(path, error);
  }
}

/** A key file a command needs, and does not create, is missing: the setting, the path and where one comes from. */
export function missingKeyFile(path: string, command: string): ConnectorError {
  return new ConnectorError('CONFIG_INVALID', {
    detail: `${KEY_FILE_SETTING} ${path}: does not exist (ENOENT): ${command} signs with the connector's existing keys and creates none (kontor init or kontor start creates the key file)`,
  });
}
