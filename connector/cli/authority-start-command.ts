import { createAuthority } from '../authority-app.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../http/create-logger.js';
import { checkKeyFilePath } from './key-file-check.js';
import { serveUntilSignal, type ServiceProcess } from './serve-until-signal.js';

/** `kontor authority start`: run the data space's authority until SIGTERM/SIGINT (from start-up on), then drain and exit 0. */
export async function authorityStartCommand(configFile: string | undefined, proc?: ServiceProcess): Promise<void> {
  await serveUntilSignal(async ({ stopRequested, useLogger }) => {
    const config = loadConfig({ file: configFile, role: 'authority' });
    const logger = createLogger(config.log.level);
    useLogger(logger);
    await checkKeyFilePath(config.identity.keyFile); // named here: the identity opening it would say only EISDIR
    if (stopRequested()) return undefined;
    return createAuthority(config, { logger });
  }, proc);
}
