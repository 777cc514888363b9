import { systemClock } from '../../core/index.js';
import { loadConfig } from '../config/load-config.js';
import { buildDidDocument, openKeyFile, type Ed25519Key } from '../identity/index.js';
import { checkKeyFilePath, keyFileError } from './key-file-check.js';
import { reportStartupError } from './report-startup-error.js';

/**
 * `kontor init`: create the key file (mode 0600) when missing (not with --retire: it changes an existing one), optionally
 * rotate (a new current key; the old ones stay under assertionMethod) and retire keys (removed for good: what they
 * signed no longer verifies), and print the DID document. Rotation comes first, so `--rotate --retire <current kid>`
 * replaces a compromised current key at once. A key file that cannot be read or written is named with its setting.
 */
export async function initCommand(configFile: string | undefined, options: { rotate?: boolean; retire?: string | undefined }): Promise<void> {
  try {
    const config = loadConfig({ file: configFile, role: 'key-tool' });
    const path = config.identity.keyFile;
    const retire = options.retire;
    await checkKeyFilePath(path);
    // --retire changes an existing key file: refused, creating nothing, when there is none (not even one deleted meanwhile).
    const keys = await openKeyFile(path, systemClock, retire === undefined ? 'create-if-missing' : 'existing-only').catch((error: unknown) => {
      if (retire !== undefined && (error as { code?: unknown } | undefined)?.code === 'ENOENT') return undefined;
      throw keyFileError(path, error);
    });
    if (keys === undefined) {
      process.stderr.write(`kontor init: cannot retire: there is no key file at ${path} (identity.keyFile, KONTOR_KEY_FILE); --retire changes an existing one and creates none\n`);
      process.exitCode = 1;
      return;
    }
    // Refused before anything changes: an unknown key id, or the current key without a rotation to replace it.
    const refusal = retire === undefined ? undefined : retireRefusal(keys.all(), retire, options.rotate === true);
    if (refusal !== undefined) {
      process.stderr.write(`kontor init: cannot retire: ${refusal}\n`);
      process.exitCode = 1;
      return;
    }
    try {
      if (options.rotate) await keys.rotate();
      if (retire !== undefined) await keys.retire(retire);
    } catch (error) {
      throw keyFileError(path, error);
    }
    const document = buildDidDocument({
      did: config.participantId,
      keys: keys.all(),
      protocolEndpoint: `${config.publicApi.url}${config.dsp.basePath}`,
      credentialService: `${config.publicApi.url}/api/credentials`,
    });
    // The DID document alone goes to stdout (`kontor init > did.json`); the summary line to stderr.
    process.stderr.write(`key file: ${config.identity.keyFile} (${keys.all().length} key${keys.all().length === 1 ? '' : 's'}, current ${keys.current().kid})\n`);
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } catch (error) {
    reportStartupError(error, 'kontor init');
    process.exitCode = 1;
  }
}

/** Why `--retire kid` cannot be done on these keys (oldest first, last current), or undefined. */
function retireRefusal(keys: readonly Ed25519Key[], kid: string, rotating: boolean): string | undefined {
  const index = keys.findIndex((k) => k.kid === kid);
  if (index < 0) return `no key '${kid}' (keys: ${keys.map((k) => k.kid).join(', ')})`;
  return index === keys.length - 1 && !rotating ? `'${kid}' is the current key: add --rotate to replace it first` : undefined;
}
