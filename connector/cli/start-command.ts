import { loadConfig } from '../config/load-config.js';
import { createConnector } from '../connector.js';
import { createLogger } from '../http/create-logger.js';
import { checkKeyFilePath } from './key-file-check.js';
import { serveUntilSignal, type ServiceProcess } from './serve-until-signal.js';

/**
 * `kontor start`: load config, start, and on SIGTERM/SIGINT drain and exit 0; a signal during start-up stops the
 * connector once the step under way is done (serve-until-signal.ts), and exits 0 too.
 */
export async function startCommand(configFile: string | undefined, proc?: ServiceProcess): Promise<void> {
  await serveUntilSignal(async ({ stopRequested, useLogger }) => {
    const config = loadConfig({ file: configFile });
    const logger = createLogger(config.log.level);
    useLogger(logger);
    await checkKeyFilePath(config.identity.keyFile); // named here: the identity opening it would say only EISDIR
    if (stopRequested()) return undefined;
    return createConnector(config, { logger });
  }, proc);
}
