import { loadConfig } from '../config/load-config.js';
import { createConnector, type Connector } from '../connector.js';
import { createLogger } from '../http/create-logger.js';
import { checkKeyFilePath } from './key-file-check.js';
import { reportStartupError } from './report-startup-error.js';

/** `kontor start`: load config, start, and on SIGTERM/SIGINT drain and exit 0. */
export async function startCommand(configFile: string | undefined): Promise<void> {
  let connector: Connector | undefined;
  try {
    const config = loadConfig({ file: configFile });
    await checkKeyFilePath(config.identity.keyFile); // named here: the identity opening it would say only EISDIR
    connector = await createConnector(config, { logger: createLogger(config.log.level) });
    await connector.start();
  } catch (error) {
    reportStartupError(error);
    await connector?.stop().catch(() => undefined);
    process.exitCode = 1;
    return;
  }
  const running = connector;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`kontor: ${signal} received, draining\n`);
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
