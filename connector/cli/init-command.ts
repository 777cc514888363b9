import { systemClock } from '../../core/index.js';
import { loadConfig } from '../config/load-config.js';
import { buildDidDocument, openKeyFile } from '../identity/index.js';
import { reportStartupError } from './report-startup-error.js';

/** `kontor init`: create the key file (mode 0600) when missing, optionally rotate, and print the DID document. */
export async function initCommand(configFile: string | undefined, options: { rotate?: boolean }): Promise<void> {
  try {
    const config = loadConfig({ file: configFile });
    const keys = await openKeyFile(config.identity.keyFile, systemClock);
    if (options.rotate) await keys.rotate();
    const document = buildDidDocument({
      did: config.participantId,
      keys: keys.all(),
      protocolEndpoint: `${config.publicApi.url}${config.dsp.basePath}`,
      credentialService: `${config.publicApi.url}/api/credentials`,
    });
    process.stdout.write(`key file: ${config.identity.keyFile} (${keys.all().length} key${keys.all().length === 1 ? '' : 's'}, current ${keys.current().kid})\n`);
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } catch (error) {
    reportStartupError(error);
    process.exitCode = 1;
  }
}
